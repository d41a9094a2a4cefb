/**
 * A guide's code (G + 5 look-alike-free characters), in a module of its own
 * without zod: the mini-program's main package checks launch parameters with
 * it, and importing it from the schemas would pull zod into that package.
 */
export const GUIDE_CODE_PATTERN = /^G[2-9A-HJKMNP-Z]{5}$/;
