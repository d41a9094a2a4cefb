/** The operator console: sign-in by scanning, the console session. */
import { z } from 'zod';

/** A login ticket id: 22 url-safe characters, fits a mini-program code's 32-character scene. */
export const consoleTicketId = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'invalid ticket');

export const consoleUser = z.object({
  id: z.string(),
  nickname: z.string(),
  /** admin: every store; manager: staffStoreId only */
  role: z.enum(['admin', 'manager']),
  storeId: z.string().nullable(),
  storeName: z.string().nullable(),
  /** may export unmasked phone numbers */
  canExport: z.boolean(),
});
export type ConsoleUser = z.infer<typeof consoleUser>;

export const consoleSessionResponse = z.object({ user: consoleUser });
export type ConsoleSessionResponse = z.infer<typeof consoleSessionResponse>;

export const consoleTicketResponse = z.object({
  ticketId: consoleTicketId,
  /** only the console that created the ticket knows it: it alone can collect the session */
  pollToken: z.string(),
  /** what the QR code carries: the H5 staff page (sim) or the mini-program code's scene (live) */
  qrContent: z.string(),
  /** the QR code as an SVG document */
  qrSvg: z.string(),
  expiresAt: z.string(),
});
export type ConsoleTicketResponse = z.infer<typeof consoleTicketResponse>;

export const consolePollRequest = z.object({ pollToken: z.string().min(20).max(100) });
export const consoleTicketState = z.enum(['pending', 'confirmed', 'used', 'expired']);
export const consolePollResponse = z.object({ state: consoleTicketState, user: consoleUser.nullable() });
export type ConsolePollResponse = z.infer<typeof consolePollResponse>;

export const consoleTicketParams = z.object({ ticketId: consoleTicketId });
export const staffConsoleTicketView = z.object({
  ticketId: consoleTicketId,
  state: consoleTicketState,
  expiresAt: z.string(),
  /** whether the signed-in staff member may open the console at all */
  allowed: z.boolean(),
});
export type StaffConsoleTicketView = z.infer<typeof staffConsoleTicketView>;
