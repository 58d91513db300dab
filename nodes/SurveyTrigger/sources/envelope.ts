/**
 * The envelope Typeform and Tally (like most webhook senders) wrap a response in: an event type,
 * an event id that a retry repeats, and the payload. Each missing part is named in the error.
 */
import type { z } from 'zod';

import { FeedbackError, describeIssues, describeValue } from '../../core/feedback';
import { isRecord } from '../../core/values';

export interface EnvelopeShape<Payload extends z.ZodTypeAny> {
	tool: string;
	typeField: string;
	/** The event type that carries a submitted response; any other is ignored. */
	responseType: string;
	idField: string;
	payloadField: string;
	payload: Payload;
	/** For the message when the payload is not what the tool documents: "Typeform response". */
	payloadName: string;
}

export type Envelope<Payload extends z.ZodTypeAny> =
	| { kind: 'other'; eventType: string }
	| { kind: 'response'; body: Record<string, unknown>; eventId: string; payload: z.infer<Payload> };

export function readEnvelope<Payload extends z.ZodTypeAny>(body: unknown, shape: EnvelopeShape<Payload>): Envelope<Payload> {
	const { tool, typeField, idField, payloadField } = shape;
	if (!isRecord(body)) throw new FeedbackError(`A ${tool} webhook sends a JSON object, got ${describeValue(body)}`, 'body');
	const eventType = body[typeField];
	if (typeof eventType !== 'string' || !eventType) {
		throw new FeedbackError(`A ${tool} webhook names its "${typeField}", got ${describeValue(eventType)}`, typeField);
	}
	if (eventType !== shape.responseType) return { kind: 'other', eventType };
	const eventId = body[idField];
	if (typeof eventId !== 'string' || !eventId.trim()) {
		throw new FeedbackError(`A ${tool} webhook carries an "${idField}", got ${describeValue(eventId)}`, idField);
	}
	const payload = body[payloadField];
	if (!isRecord(payload)) {
		throw new FeedbackError(
			`A ${tool} ${eventType} event carries a "${payloadField}" object, got ${describeValue(payload)}`,
			payloadField,
		);
	}
	const parsed = shape.payload.safeParse(payload);
	if (!parsed.success) {
		const { message, field } = describeIssues(parsed.error, payloadField);
		throw new FeedbackError(`This is not a ${shape.payloadName}: ${message}`, field);
	}
	return { kind: 'response', body, eventId: eventId.trim(), payload: parsed.data };
}
