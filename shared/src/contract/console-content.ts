/** Console II: 首页装修 — the home-content draft, preview, publish and versions with the console session (see ../api.ts). */
import { route } from './route';
import { homeDraftPut, homeDraftView, homePreviewBody, homePublishBody, homeVersionDetail, homeVersionList, homeVersionParams, homeVersionView, homeView } from '../schemas/content';

export const consoleContentRoutes = {
  consoleHomeDraft: route({
    method: 'GET', path: '/api/console/content/home/draft', tag: 'console', access: 'console',
    summary: '后台：首页装修草稿（含修订号与当前发布版本；仅连锁管理员）',
    response: homeDraftView,
  }),
  consoleSaveHomeDraft: route({
    method: 'PUT', path: '/api/console/content/home/draft', tag: 'console', access: 'console',
    summary: '后台：保存首页装修草稿（基于修订号；他人已先保存时返回 CONTENT_DRAFT_CONFLICT，不会覆盖）',
    body: homeDraftPut, response: homeDraftView,
  }),
  consolePreviewHome: route({
    method: 'POST', path: '/api/console/content/home/preview', tag: 'console', access: 'console',
    summary: '后台：按等级、门店和时间预览首页（可带未保存的内容）',
    body: homePreviewBody, response: homeView,
  }),
  consolePublishHome: route({
    method: 'POST', path: '/api/console/content/home/publish', tag: 'console', access: 'console',
    summary: '后台：发布草稿的指定修订为新版本（同一修订重复发布返回同一版本）',
    body: homePublishBody, response: homeVersionView,
  }),
  consoleHomeVersions: route({
    method: 'GET', path: '/api/console/content/home/versions', tag: 'console', access: 'console',
    summary: '后台：首页内容的已发布版本（新的在前）',
    response: homeVersionList,
  }),
  consoleHomeVersion: route({
    method: 'GET', path: '/api/console/content/home/versions/:version', tag: 'console', access: 'console',
    summary: '后台：一个已发布版本的内容（可载入草稿后重新发布＝回滚）',
    params: homeVersionParams, response: homeVersionDetail,
  }),
} as const;
