import type { Role } from '../../../protocol/rest.js';

/**
 * What the UI offers per role (DESIGN.md §7). The server enforces the same rules; this only
 * hides controls a user could not use, so there are no dead buttons.
 */
export const can = {
  openSessions: (role: Role) => role !== 'guest',
  manageShares: (role: Role) => role !== 'guest',
  manageAllShares: (role: Role) => role === 'admin' || role === 'noc_lead',
  readAudit: (role: Role) => role === 'admin' || role === 'noc_lead',
  administer: (role: Role) => role === 'admin',
};

export const roleLabel: Record<Role, string> = {
  admin: 'Admin',
  noc_lead: 'NOC lead',
  engineer: 'Engineer',
  guest: 'Guest',
};
