import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { z } from 'zod';

import { FeedbackError } from '../../nodes/core/feedback';
import { ApiAnswerError, DeliveryError, SignatureError, parseApiAnswer, webhookAnswerFor } from '../../nodes/shared/errors';

const context = { node: 'Test Webhook (Tool)', upstream: 'survey tool', payload: 'survey_response' };
const node: INode = { id: '1', name: 'Test Webhook', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} };
const apiError = (httpCode: string | null) =>
	new NodeApiError(node, { message: 'Tool API: GET /x failed', httpCode } as JsonObject, { message: 'Tool API: GET /x failed', httpCode: httpCode ?? undefined });

describe('what a webhook node answers for each error class', () => {
	it.each<[string, unknown, number, string, Record<string, string>]>([
		['an undecodable body: the sender must fix it', new DeliveryError('too big', 413, 'body'), 413, 'invalid_delivery', {}],
		['a wrong signature, with the challenge when there is one', new SignatureError('wrong', 'Authorization', 'Basic realm="x"'), 401, 'invalid_signature', { 'WWW-Authenticate': 'Basic realm="x"' }],
		['a response the sender got wrong', new FeedbackError('no score', 'score'), 400, 'invalid_survey_response', {}],
		['an API answer we cannot use', new ApiAnswerError('not as documented', 'response.pages'), 502, 'survey_tool_api_answer', {}],
		['an API answer not ready yet: retry later', new ApiAnswerError('not yet', 'response', true), 503, 'survey_tool_api_answer', { 'Retry-After': '60' }],
		['an API refusing the credential: retrying will not help', apiError('403'), 502, 'survey_tool_api_error', {}],
		['an API rate limit: retry later', apiError('429'), 503, 'survey_tool_api_error', { 'Retry-After': '60' }],
		['an API that did not answer: retry later', apiError(null), 503, 'survey_tool_api_error', { 'Retry-After': '60' }],
	])('%s', (_case, error, status, code, headers) => {
		const answer = webhookAnswerFor(error, context)!;
		expect(answer.status).toBe(status);
		expect(answer.body.error).toBe(code);
		expect(answer.headers).toEqual(headers);
		// 4xx is the sender's to fix; 5xx asks it to send again.
		expect(answer.body.status).toBe(status < 500 ? 'rejected' : 'retry_later');
		expect(answer.log.message).toContain(context.node);
	});

	it('logs where a delivery broke, never its message, which can quote what a customer typed', () => {
		const answer = webhookAnswerFor(new FeedbackError('"comment" is 12 Rue de la Paix, 0612345678', 'comment'), context)!;
		expect(answer.body).toMatchObject({ field: 'comment', message: expect.stringContaining('0612345678') });
		expect(answer.log.message).toContain('"comment"');
		expect(answer.log.message).not.toContain('0612345678');
	});

	it('names the payload and the upstream in the error codes, so other webhook nodes can use it', () => {
		const other = { node: 'SLA Wait', upstream: 'sms gateway', payload: 'status_callback' };
		expect(webhookAnswerFor(new FeedbackError('x', 'MessageStatus'), other)?.body.error).toBe('invalid_status_callback');
		expect(webhookAnswerFor(apiError('500'), other)?.body.error).toBe('sms_gateway_api_error');
	});

	it('leaves a fault in the node itself to n8n (500 with the stack)', () => {
		expect(webhookAnswerFor(new TypeError('undefined is not a function'), context)).toBeUndefined();
		expect(webhookAnswerFor('a string', context)).toBeUndefined();
	});
});

describe('an API answer read with its documented schema', () => {
	const ticket = z.object({ ticket: z.object({ id: z.number() }) });

	it('is returned when it has the documented shape', () => {
		expect(parseApiAnswer(ticket, { ticket: { id: 7 } }, { tool: 'Zendesk', call: 'POST /api/v2/tickets', prefix: 'answer' })).toEqual({ ticket: { id: 7 } });
	});

	it('is the provider’s fault otherwise: an ApiAnswerError naming the call and the field', () => {
		const read = () => parseApiAnswer(ticket, { ticket: { id: 'seven' } }, { tool: 'Zendesk', call: 'POST /api/v2/tickets', prefix: 'answer' });
		expect(read).toThrow(ApiAnswerError);
		expect(read).toThrow(/Zendesk API answered POST \/api\/v2\/tickets not as documented: answer\.ticket\.id/);
	});
});
