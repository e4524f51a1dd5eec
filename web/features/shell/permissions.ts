import { Permission, roleCan } from '../../../protocol/permissions.js';
import type { Role } from '../../../protocol/rest.js';

/**
 * What the UI offers per role, read from the server's own table (protocol/permissions.ts): this
 * only hides controls a user could not use, so there are no dead buttons.
 */
export const can = {
  openSessions: (role: Role) => roleCan(role, Permission.sessionOpen),
  manageShares: (role: Role) => roleCan(role, Permission.shareCreate),
  manageAllShares: (role: Role) => roleCan(role, Permission.shareManageAll),
  readAudit: (role: Role) => roleCan(role, Permission.auditRead),
  administer: (role: Role) => roleCan(role, Permission.userManage),
  listUsers: (role: Role) => roleCan(role, Permission.userManage),
  readRecordings: (role: Role) => roleCan(role, Permission.recordingsRead),
  readAllRecordings: (role: Role) => roleCan(role, Permission.recordingsReadAll),
};

export const roleLabel: Record<Role, string> = {
  admin: 'Admin',
  noc_lead: 'NOC lead',
  engineer: 'Engineer',
  guest: 'Guest',
};
