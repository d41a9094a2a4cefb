/** The member insight and campaign routes of the API contract (see ../api.ts). */
import { z } from 'zod';
import { route } from './route';
import { okResponse } from '../schemas/common';
import {
  campaignInput,
  campaignList,
  campaignReport,
  campaignStatusRequest,
  campaignView,
  giftsResponse,
  giftsSeenRequest,
  idParams,
  insightSettings,
  monthsQuery,
  previewResponse,
  rfmResponse,
  runView,
  segmentInput,
  segmentList,
  segmentRule,
  segmentView,
  stagesResponse,
  tagsCsvRequest,
  tagsRequest,
  tagsResponse,
} from '../schemas/insight';

const admin = { tag: 'insight', access: 'admin' } as const;

export const insightRoutes = {
  adminInsightSettings: route({ ...admin, method: 'GET', path: '/api/admin/insight/settings', summary: 'Insight settings: RFM window, recency with bookings, stage thresholds, frequency cap, quiet hours', response: insightSettings }),
  adminPutInsightSettings: route({ ...admin, method: 'PUT', path: '/api/admin/insight/settings', summary: 'Change the insight settings', body: insightSettings, response: insightSettings }),
  adminInsightStages: route({ ...admin, method: 'GET', path: '/api/admin/insight/stages', summary: 'Lifecycle stage counts per month and the flows between stages (rollups of the nightly run)', query: monthsQuery, response: stagesResponse }),
  adminInsightRfm: route({ ...admin, method: 'GET', path: '/api/admin/insight/rfm', summary: 'The eight RFM groups: members and sales of the last 365 days', response: rfmResponse }),
  adminInsightRunScores: route({ ...admin, method: 'POST', path: '/api/admin/insight/scores/run', summary: 'Run (or resume) today’s scores now', response: z.object({ date: z.string(), phase: z.string(), members: z.number().int() }) }),
  adminSegmentPreview: route({ ...admin, method: 'POST', path: '/api/admin/insight/segments/preview', summary: 'Live count of a rule and a sample of its members', body: segmentRule, response: previewResponse }),
  adminSegments: route({ ...admin, method: 'GET', path: '/api/admin/insight/segments', summary: 'Segments', response: segmentList }),
  adminCreateSegment: route({ ...admin, method: 'POST', path: '/api/admin/insight/segments', status: 201, summary: 'A dynamic segment (its rule is evaluated whenever it is used)', body: segmentInput, response: segmentView }),
  adminSnapshotSegment: route({ ...admin, method: 'POST', path: '/api/admin/insight/segments/:id/snapshot', status: 201, summary: 'Freeze a segment’s members now into a new snapshot segment', params: idParams, response: segmentView }),
  adminTagMembers: route({ ...admin, method: 'POST', path: '/api/admin/insight/tags', summary: 'Add (or remove) manual tags on members', body: tagsRequest, response: tagsResponse }),
  adminImportTags: route({ ...admin, method: 'POST', path: '/api/admin/insight/tags/import', summary: 'Manual tags from CSV lines memberId,tag[,tag…]', body: tagsCsvRequest, response: tagsResponse }),
  adminCampaigns: route({ ...admin, method: 'GET', path: '/api/admin/insight/campaigns', summary: 'Campaigns with their runs and progress', response: campaignList }),
  adminCreateCampaign: route({ ...admin, method: 'POST', path: '/api/admin/insight/campaigns', status: 201, summary: 'A campaign: audience segment, action, schedule, holdout, budget', body: campaignInput, response: campaignView }),
  adminCampaign: route({ ...admin, method: 'GET', path: '/api/admin/insight/campaigns/:id', summary: 'One campaign with its runs', params: idParams, response: campaignView }),
  adminCampaignStatus: route({ ...admin, method: 'POST', path: '/api/admin/insight/campaigns/:id/status', summary: 'Pause, resume or end a campaign', params: idParams, body: campaignStatusRequest, response: campaignView }),
  adminRunCampaign: route({ ...admin, method: 'POST', path: '/api/admin/insight/campaigns/:id/run', summary: 'Start or resume the campaign’s due run now (quiet hours and pauses still apply)', params: idParams, response: runView }),
  adminCampaignReport: route({ ...admin, method: 'GET', path: '/api/admin/insight/campaigns/:id/report', summary: 'Treated vs control: conversion, orders and sales per member with 95 % intervals, incremental sales', params: idParams, query: z.object({ fresh: z.enum(['0', '1']).default('0') }), response: campaignReport }),
  myGifts: route({ method: 'GET', path: '/api/insight/gifts', tag: 'insight', access: 'member', summary: 'Campaign gifts I have not seen yet (the popup on the next open)', response: giftsResponse }),
  myGiftsSeen: route({ method: 'POST', path: '/api/insight/gifts/seen', tag: 'insight', access: 'member', summary: 'Mark gifts as seen (the popup was shown)', body: giftsSeenRequest, response: okResponse }),
} as const;
