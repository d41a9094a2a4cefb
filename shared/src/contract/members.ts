/** The members routes of the API contract (see ../api.ts). */
import { route } from './route';
import { memberView } from '../schemas/auth';
import { memberLookupQuery, memberLookupResponse } from '../schemas/staff';
import { membershipSettings, updateMembershipSettings } from '../schemas/membership';

export const membersRoutes = {
  me: route({
    method: 'GET',
    path: '/api/me',
    tag: 'members',
    access: 'member',
    summary: 'The signed-in member',
    response: memberView,
  }),
  adminFindMembers: route({
    method: 'GET',
    path: '/api/admin/members',
    tag: 'admin',
    access: 'admin',
    summary: 'Find members by phone or id',
    query: memberLookupQuery,
    response: memberLookupResponse,
  }),
  adminMembershipSettings: route({
    method: 'GET',
    path: '/api/admin/membership/settings',
    tag: 'admin',
    access: 'admin',
    summary: 'Tiers, growth rate, review date, points expiry',
    response: membershipSettings,
  }),
  adminUpdateMembershipSettings: route({
    method: 'PUT',
    path: '/api/admin/membership/settings',
    tag: 'admin',
    access: 'admin',
    summary: 'Replace tiers and membership settings',
    body: updateMembershipSettings,
    response: membershipSettings,
  }),
} as const;
