/** zod pieces every source reads its tool's payloads and API answers with. */
import { z } from 'zod';

/** Text a tool may leave out or send as null. */
export const optionalText = z.string().nullable().optional();

/** An id a tool sends as text or as a number, read as trimmed text. */
export const idValue = z.union([z.string(), z.number().finite()]).transform((value) => String(value).trim());

/**
 * An object as the tool documents it. Fields the tool adds later are kept, not refused: a new
 * field in a vendor's payload must never make a response undeliverable.
 */
export const toolObject = <Shape extends z.ZodRawShape>(shape: Shape) => z.object(shape).passthrough();
