/** The home-content routes of the API contract (see ../api.ts). */
import { route } from './route';
import { homeAudience, homeDraftPut, homeDraftView, homePublishBody, homeQuery, homeVersionList, homeVersionView, homeView } from '../schemas/content';

export const contentRoutes = {
  home: route({
    method: 'GET',
    path: '/api/home',
    tag: 'content',
    access: 'public',
    summary: '首页内容：已发布版本中对当前会员等级、门店和时间有效的横幅、金刚区、推荐券和公告',
    query: homeQuery,
    response: homeView,
  }),
  adminHomeDraft: route({
    method: 'GET',
    path: '/api/admin/content/home/draft',
    tag: 'content',
    access: 'admin',
    summary: '首页内容草稿（含修订号与当前发布版本）',
    response: homeDraftView,
  }),
  adminSaveHomeDraft: route({
    method: 'PUT',
    path: '/api/admin/content/home/draft',
    tag: 'content',
    access: 'admin',
    summary: '保存首页内容草稿（baseRevision 不是最新修订号时返回冲突）',
    body: homeDraftPut,
    response: homeDraftView,
  }),
  adminPublishHome: route({
    method: 'POST',
    path: '/api/admin/content/home/publish',
    tag: 'content',
    access: 'admin',
    summary: '发布草稿的指定修订为新版本（同一修订重复发布返回同一版本）',
    body: homePublishBody,
    response: homeVersionView,
  }),
  adminHomeVersions: route({
    method: 'GET',
    path: '/api/admin/content/home/versions',
    tag: 'content',
    access: 'admin',
    summary: '首页内容的已发布版本（新的在前）',
    response: homeVersionList,
  }),
  adminPreviewHome: route({
    method: 'POST',
    path: '/api/admin/content/home/preview',
    tag: 'content',
    access: 'admin',
    summary: '按等级、门店和时间预览草稿在小程序首页的效果',
    body: homeAudience,
    response: homeView,
  }),
} as const;
