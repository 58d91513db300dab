import type { Feedback } from '../../core/feedback';

/** What the trigger knows about a delivery besides its body. */
export interface DeliveryContext {
	/** ISO time the delivery reached n8n; used when the payload carries no submission time. */
	receivedAt: string;
	/** Makes an id for payloads that carry none. */
	newId: () => string;
}

/**
 * One survey tool. Adding a tool means one new file that implements this;
 * the node only picks the source and maps its errors to HTTP answers.
 */
export interface SurveySource<Settings> {
	/** Value stored in `feedback.source`. */
	readonly name: string;
	/** Turns a delivery body into the canonical feedback, or throws a FeedbackError naming the field. */
	normalise(body: unknown, settings: Settings, delivery: DeliveryContext): Feedback;
}
