/**
 * What each role may do (DESIGN.md §7), in one place: the server enforces it, the web app uses the
 * same table to offer only the controls a user can use. Permission names are stable strings.
 */
import type { Role } from './rest.js';

export const Permission = {
  sessionOpen: 'session:open',
  shareCreate: 'share:create',
  shareView: 'share:view',
  shareManageAll: 'share:manage_all',
  auditRead: 'audit:read',
  userManage: 'user:manage',
  instancesRead: 'instances:read',
  hostKeysManage: 'ssh_host_keys:manage',
  /** Recordings of one's own sessions (DESIGN.md §14). */
  recordingsRead: 'recordings:read',
  /** Every session's recording. */
  recordingsReadAll: 'recordings:read_all',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

/** The role → permissions table. */
export const roleGrants: Readonly<Record<Role, readonly Permission[]>> = {
  admin: Object.values(Permission),
  noc_lead: [
    Permission.sessionOpen,
    Permission.shareCreate,
    Permission.shareView,
    Permission.shareManageAll,
    Permission.auditRead,
    Permission.instancesRead,
    Permission.recordingsRead,
    Permission.recordingsReadAll,
  ],
  engineer: [Permission.sessionOpen, Permission.shareCreate, Permission.shareView, Permission.recordingsRead],
  guest: [Permission.shareView],
};

/** Whether a role holds a permission; an unknown role (e.g. a stale row) holds none. */
export function roleCan(role: string, permission: Permission): boolean {
  return (roleGrants[role as Role] ?? []).includes(permission);
}
