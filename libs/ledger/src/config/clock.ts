/** The server's clock, injected so that tests (and the demo's historical years) can set it. */
export const CLOCK = Symbol('CLOCK');
export type Clock = () => number;
export const systemClock: Clock = () => Date.now();
