import { z } from 'zod';

/**
 * The two id styles of the contract, each with one schema used everywhere:
 * - a host id is an opaque string (a UUID the core generates): a host is the one record that crosses
 *   between cores (a desktop attached to a companion, an exported host list), so its id must not collide;
 * - every other record (registry, inbox entry, group, notifier, deploy) is a row of one core's database
 *   and has a positive integer id.
 */
export const hostIdSchema = z.string().min(1).max(64);
export const rowIdSchema = z.int().positive();
