/** Console II: stores, their booking services and POS keys, image upload, per-object audit (see ../api.ts). */
import { route } from './route';
import {
  consolePosKeyList,
  consoleStoreDetail,
  consoleStoreProfileInput,
  consoleStoreList,
  imageUploadResponse,
  objectAuditQuery,
  objectAuditResponse,
  storeBasicInput,
  storeBasicUpdate,
} from '../schemas/console-admin';
import { serviceInput, serviceView, storeDetail, storeRouteParams, storeServiceParams } from '../schemas/booking';
import { posKeyCreatedResponse, posKeyCreateRequest, posKeyParams, posKeyStoreParams, posKeyView } from '../pos-api';

export const consoleStoresRoutes = {
  consoleStores: route({
    method: 'GET', path: '/api/console/stores', tag: 'console', access: 'console',
    summary: '后台：门店列表（含已停用；店长只看本店）',
    response: consoleStoreList,
  }),
  consoleCreateStore: route({
    method: 'POST', path: '/api/console/stores', tag: 'console', access: 'console', status: 201,
    summary: '后台：新建门店（仅连锁管理员；门店编码不可重复）',
    body: storeBasicInput, response: consoleStoreDetail,
  }),
  consoleStore: route({
    method: 'GET', path: '/api/console/stores/:storeId', tag: 'console', access: 'console',
    summary: '后台：门店详情（营业时间、休息日、照片、全部预约服务）',
    params: storeRouteParams, response: consoleStoreDetail,
  }),
  consoleUpdateStore: route({
    method: 'PUT', path: '/api/console/stores/:storeId', tag: 'console', access: 'console',
    summary: '后台：修改门店名称、地址、坐标、电话，停用或启用（仅连锁管理员）',
    params: storeRouteParams, body: storeBasicUpdate, response: consoleStoreDetail,
  }),
  consoleStoreProfile: route({
    method: 'PUT', path: '/api/console/stores/:storeId/profile', tag: 'console', access: 'console',
    summary: '后台：营业时间、休息日、照片、上门量尺范围（管理员或本店店长）',
    params: storeRouteParams, body: consoleStoreProfileInput, response: storeDetail,
  }),
  consolePutStoreService: route({
    method: 'PUT', path: '/api/console/stores/:storeId/services/:kind', tag: 'console', access: 'console',
    summary: '后台：设置预约服务（时长、名额、定金、提前量、截止时间）；名额不能低于已有预约',
    params: storeServiceParams, body: serviceInput, response: serviceView,
  }),
  consolePosKeys: route({
    method: 'GET', path: '/api/console/stores/:storeId/pos-keys', tag: 'console', access: 'console',
    summary: '后台：门店收银系统密钥列表（不含密钥本身；仅连锁管理员）',
    params: posKeyStoreParams, response: consolePosKeyList,
  }),
  consoleCreatePosKey: route({
    method: 'POST', path: '/api/console/stores/:storeId/pos-keys', tag: 'console', access: 'console', status: 201,
    summary: '后台：新建收银系统密钥（密钥只显示这一次；仅连锁管理员）',
    params: posKeyStoreParams, body: posKeyCreateRequest, response: posKeyCreatedResponse,
  }),
  consoleRevokePosKey: route({
    method: 'POST', path: '/api/console/stores/:storeId/pos-keys/:keyId/revoke', tag: 'console', access: 'console',
    summary: '后台：停用收银系统密钥（立即拒绝该密钥的请求；仅连锁管理员）',
    params: posKeyParams, response: posKeyView,
  }),
  consoleUploadImage: route({
    method: 'POST', path: '/api/console/images', tag: 'console', access: 'console', status: 201,
    summary: '后台：上传图片（请求体为图片本身：JPEG/PNG/WebP，不超过 2 MB，按文件头校验）',
    response: imageUploadResponse,
  }),
  consoleObjectAudit: route({
    method: 'GET', path: '/api/console/object-audit', tag: 'console', access: 'console',
    summary: '后台：某个对象的修改记录（谁、何时、改了什么：修改前 → 修改后）',
    query: objectAuditQuery, response: objectAuditResponse,
  }),
} as const;
