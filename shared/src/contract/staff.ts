/** The staff routes of the API contract (see ../api.ts). */
import { route } from './route';
import { createStaffRequest, staffListResponse, staffParams, staffView } from '../schemas/staff';
import { okResponse } from '../schemas/common';
import { memberCodeResolveRequest, memberCodeResolveResponse } from '../schemas/membership';

export const staffRoutes = {
  staffMe: route({
    method: 'GET',
    path: '/api/staff/me',
    tag: 'staff',
    access: 'staff',
    summary: 'The signed-in staff member and their store',
    response: staffView,
  }),
  adminListStaff: route({
    method: 'GET',
    path: '/api/admin/staff',
    tag: 'admin',
    access: 'admin',
    summary: 'All staff with their stores',
    response: staffListResponse,
  }),
  adminCreateStaff: route({
    method: 'POST',
    path: '/api/admin/staff',
    tag: 'admin',
    access: 'admin',
    status: 201,
    summary: 'Make an existing member staff of a store',
    body: createStaffRequest,
    response: staffView,
  }),
  adminRemoveStaff: route({
    method: 'DELETE',
    path: '/api/admin/staff/:memberId',
    tag: 'admin',
    access: 'admin',
    summary: 'Remove the staff role from a member',
    params: staffParams,
    response: okResponse,
  }),
  staffResolveMemberCode: route({
    method: 'POST',
    path: '/api/staff/member-code/resolve',
    tag: 'staff',
    access: 'staff',
    summary: "Resolve a scanned member code to the member's card summary",
    body: memberCodeResolveRequest,
    response: memberCodeResolveResponse,
  }),
} as const;
