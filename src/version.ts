/** Package version; also recorded in every verdict and checkpoint this build writes. */
export const VERSION = '0.1.0';
