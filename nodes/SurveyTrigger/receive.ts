/**
 * One delivery, from the request to the item that starts the workflow, or to the answer that
 * refuses it: read, authenticate, interpret, deduplicate, fetch if the tool sent only ids, map.
 */
import { randomUUID } from 'crypto';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Feedback } from '../core/feedback';
import { FeedbackError } from '../core/feedback';
import type { ResponseMapping } from '../core/surveyResponse';
import { buildFeedback } from '../core/surveyResponse';
import { ApiAnswerError, webhookAnswerFor } from '../shared/errors';
import { readDelivery } from '../shared/inboundDelivery';
import { authenticate, claimDelivery, deliveryScope, releaseDelivery, startWithAcceptedDelivery } from './delivery';
import { sourceApiFor } from './registration';
import type { TriggerSettings } from './settings';
import type { AnySurveySource, DeliveryContext, SourceEvent } from './sources/types';

/** What the user chose, read by the node. */
export interface DeliveryChoices {
	settings: TriggerSettings;
	mapping: ResponseMapping;
	/** The source's own settings (Custom JSON's field mapping). */
	sourceSettings: unknown;
}

export type DeliveryOutcome =
	/** The workflow starts with `item`; the sender gets `answer` (200). */
	| { item: IDataObject; answer: IDataObject }
	/** Nothing starts; the sender gets this answer. */
	| { status: number; headers: Record<string, string>; body: IDataObject };

export async function receiveDelivery(
	context: IWebhookFunctions,
	source: AnySurveySource,
	{ settings, mapping, sourceSettings }: DeliveryChoices,
): Promise<DeliveryOutcome> {
	const node = `Survey Trigger (${source.displayName})`;
	const answer = (body: IDataObject) => ({ status: 200, headers: {}, body });
	const scope = deliveryScope(context.getWorkflow().id, context.getNode().id, context.getMode());
	let claimed: ReturnType<typeof claimDelivery>;
	try {
		const delivery = await readDelivery(context, (settings.maxBodyKb ?? 1024) * 1024);
		await authenticate(context, source, delivery);
		const deliveryContext: DeliveryContext = { receivedAt: new Date().toISOString(), newId: randomUUID };
		const event = source.read(delivery, sourceSettings, deliveryContext);
		if (event.kind === 'ignored') return answer({ status: 'ignored', reason: event.reason });

		if (settings.deduplicate !== false && event.dedupKey) {
			claimed = claimDelivery(context, scope, `${source.name}:${event.dedupKey}`);
			if (!claimed) {
				context.logger.info(`${node} ignored a repeated delivery`);
				return answer({ status: 'duplicate', message: 'This delivery was already received' });
			}
		}

		const feedback: Feedback =
			event.kind === 'feedback'
				? event.feedback
				: event.kind === 'fetch'
					? await fetchedFeedback(event, await sourceApiFor(context, source, settings.apiTimeoutSeconds), mapping, deliveryContext)
					: buildFeedback(event.response, mapping, deliveryContext);
		return {
			item: startWithAcceptedDelivery(scope, { feedback } as unknown as IDataObject, claimed),
			answer: { status: 'accepted', feedbackId: feedback.id, revision: feedback.revision },
		};
	} catch (error) {
		// A delivery that did not start the workflow must be accepted again when the tool retries.
		if (claimed) releaseDelivery(scope, claimed);
		const refusal = webhookAnswerFor(error, { node, upstream: 'survey tool', payload: 'survey_response' });
		// Anything else is a fault in the trigger itself: n8n answers 500 and logs it.
		if (!refusal) throw new NodeOperationError(context.getNode(), error as Error);
		context.logger[refusal.log.level](refusal.log.message);
		return { status: refusal.status, headers: refusal.headers, body: refusal.body };
	}
}

/** A fetched response that cannot be read is the tool's API answering wrongly, not the sender's fault. */
async function fetchedFeedback(
	event: Extract<SourceEvent, { kind: 'fetch' }>,
	api: Awaited<ReturnType<typeof sourceApiFor>>,
	mapping: ResponseMapping,
	deliveryContext: DeliveryContext,
): Promise<Feedback> {
	return await event
		.fetch(api)
		.then((response) => buildFeedback(response, mapping, deliveryContext))
		.catch(async (error: unknown) => await Promise.reject(error instanceof FeedbackError ? new ApiAnswerError(error.message, error.field) : error));
}
