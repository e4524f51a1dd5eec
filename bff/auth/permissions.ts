/** The role → permission table lives in protocol/ (DESIGN.md §7) so the web app offers the same rules. */
export { Permission, roleCan as can } from '../../protocol/index.js';
