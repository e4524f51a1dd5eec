import type { Role } from '../../protocol/index.js';

/** What each role may do (DESIGN.md §7). */
export const Permission = {
  sessionOpen: 'session:open',
  shareCreate: 'share:create',
  shareView: 'share:view',
  shareManageAll: 'share:manage_all',
  auditRead: 'audit:read',
  userManage: 'user:manage',
  instancesRead: 'instances:read',
  hostKeysManage: 'ssh_host_keys:manage',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

const grants: Record<Role, readonly Permission[]> = {
  admin: Object.values(Permission),
  noc_lead: [Permission.sessionOpen, Permission.shareCreate, Permission.shareView, Permission.shareManageAll, Permission.auditRead, Permission.instancesRead],
  engineer: [Permission.sessionOpen, Permission.shareCreate, Permission.shareView],
  guest: [Permission.shareView],
};

export function can(role: string, permission: Permission): boolean {
  return (grants[role as Role] ?? []).includes(permission);
}
