/**
 * Error codes that cross the contract. They are stable: the renderer and scripts may switch on them.
 * Messages are written for the user and never carry a stack, a secret or an internal path to a secret.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'FORBIDDEN',
  'UNAUTHORIZED',
  'NOT_FOUND',
  'CONFLICT',
  /** The thing is being worked on (a deploy of the same container runs); the message names what. */
  'BUSY',
  'UNAVAILABLE',
  'TIMEOUT',
  'RATE_LIMITED',
  'CANCELLED',
  'SECRET_BACKEND',
  'UNKNOWN_METHOD',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ContractErrorBody {
  code: ErrorCode;
  message: string;
  /** The input field the error is about (a form shows it there), when there is one. */
  field?: string;
}

/** An error meant to reach the caller as is: its code and message are safe to show. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The input field the error is about, so a form can show it at that field. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** What a client throws when a call answers `{ ok: false }`. */
export class ContractError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly method: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ContractError';
  }
}
