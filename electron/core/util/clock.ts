/** Time as a dependency, so schedules, snoozes and back-offs can be tested without waiting. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
