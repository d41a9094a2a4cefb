/** Partner invite code: 4–8 characters, no look-alikes (0/O, 1/I/L). Plain regex, so the mini-program checks codes without zod. */
export const INVITE_CODE_PATTERN = /^[2-9A-HJKMNP-Z]{4,8}$/;
