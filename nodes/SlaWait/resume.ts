/**
 * The resume webhook of a waiting SLA: a GET shows a person the confirmation page and leaves the case waiting; a
 * POST (that page's button, a helpdesk, any API call) resumes it to Met, or to Breached when it comes too late.
 * A refused call changes nothing: the execution keeps waiting.
 */
import { createHmac, timingSafeEqual } from 'crypto';
import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { FeedbackError, slaSchema } from '../core/feedback';
import type { PageLanguage, ResumePage } from '../core/resumePage';
import { pageLanguageFor, renderResumePage } from '../core/resumePage';
import type { ResumeCall } from '../core/sla';
import { readAcceptedEvents, readResumeCall, resumedSla } from '../core/sla';
import { WAIT_OUTPUT } from './description';

export const RESUME_SECRET_CREDENTIAL = 'slaResumeSecretApi';
/** The page's button sends this field instead of the secret header a browser cannot send. */
const CONFIRMATION_FIELD = 'confirmation';

interface ResumeSettings {
	language: PageLanguage | undefined;
	allowPersonLinks: boolean;
	acceptedEvents: string[];
	secret: { header: string; value: string } | null;
}

type Answer = { status: number; page: ResumePage } | { status: number; json: IDataObject };

async function readSettings(context: IWebhookFunctions): Promise<ResumeSettings> {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	let secret: ResumeSettings['secret'] = null;
	if (context.getNodeParameter('resumeCheck', 'signedUrl') === 'secretHeader') {
		const credential = await context.getCredentials(RESUME_SECRET_CREDENTIAL);
		secret = { header: String(credential.headerName ?? '').trim().toLowerCase(), value: String(credential.secret ?? '') };
	}
	return {
		language: options.pageLanguage === 'en' || options.pageLanguage === 'fr' ? options.pageLanguage : undefined,
		allowPersonLinks: options.allowPersonLinks !== false,
		acceptedEvents: readAcceptedEvents(String(options.resumeEvents ?? ''), 'Resume Events'),
		secret,
	};
}

const sameText = (given: string, expected: string): boolean => {
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
};

/** Binds a page's button to this waiting execution (its signed resume link) and event. */
const confirmationFor = (secret: string, resumeUrl: string, event: string): string =>
	createHmac('sha256', secret).update(`${resumeUrl}\n${event}`).digest('hex');

/** The waiting items, as n8n saved them on this node's input when it started waiting. */
function waitingItems(context: IWebhookFunctions): INodeExecutionData[] {
	const items = context.evaluateExpression('{{ $input.all() }}', 0);
	return Array.isArray(items) ? (items as INodeExecutionData[]) : [];
}

function slaOf(item: INodeExecutionData): ReturnType<typeof slaSchema.parse> {
	const parsed = slaSchema.safeParse(item.json?.sla);
	if (!parsed.success) throw new FeedbackError('A waiting item has no SLA record: was it changed after SLA Wait started waiting?', 'sla');
	return parsed.data;
}

export async function answerResume(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = context.getRequestObject();
	const response = context.getResponseObject();
	const query = context.getQueryData() as IDataObject;
	let settings: ResumeSettings;
	let language: PageLanguage = pageLanguageFor(query.lang, request.headers['accept-language']);
	let fromPage = request.method === 'GET' || /application\/x-www-form-urlencoded|multipart\/form-data/i.test(String(request.headers['content-type'] ?? ''));
	const send = (answer: Answer): IWebhookResponseData => {
		response.setHeader('Cache-Control', 'no-store');
		if ('page' in answer) {
			response.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
			response.setHeader('X-Robots-Tag', 'noindex');
			response.status(answer.status).type('html').send(renderResumePage(answer.page));
		} else {
			response.status(answer.status).json(answer.json);
		}
		return { noWebhookResponse: true };
	};
	const refuse = (status: number, reason: string): IWebhookResponseData =>
		send(fromPage ? { status, page: { kind: 'refused', language, reason } } : { status, json: { resumed: false, error: reason } });

	try {
		settings = await readSettings(context);
		language = pageLanguageFor(query.lang, request.headers['accept-language'], settings.language);
		if (settings.language && typeof query.lang !== 'string') language = settings.language;
	} catch (error) {
		return refuse(500, error instanceof Error ? error.message : String(error));
	}
	// A call with the right secret header is a system's, whatever its body's format: helpdesks may post form-encoded.
	if (settings.secret && request.method !== 'GET' && sameText(String(request.headers[settings.secret.header] ?? ''), settings.secret.value)) {
		fromPage = false;
	}
	if (fromPage && !settings.allowPersonLinks) return refuse(403, 'This link is for systems only: person links are turned off on this SLA.');

	let items: INodeExecutionData[];
	try {
		items = waitingItems(context);
		if (items.length === 0) throw new FeedbackError('The waiting execution has no case to resume', 'items');
		items.forEach(slaOf);
	} catch (error) {
		return refuse(500, error instanceof Error ? error.message : String(error));
	}
	const resumeUrl = slaOf(items[0]).resumeUrl ?? '';

	if (request.method === 'GET') {
		let call: ResumeCall;
		try {
			call = readResumeCall(typeof query.event === 'string' ? { event: query.event } : {}, settings.acceptedEvents);
		} catch (error) {
			return refuse(422, (error as Error).message);
		}
		const fields: Record<string, string> = { event: call.event };
		if (settings.secret) fields[CONFIRMATION_FIELD] = confirmationFor(settings.secret.value, resumeUrl, call.event);
		return send({ status: 200, page: { kind: 'confirm', language, event: call.event, fields } });
	}

	// n8n hands over a JSON array or a text body as is: spreading one would make an object of its indexes.
	const received: unknown = context.getBodyData();
	const isObject = typeof received === 'object' && received !== null && !Array.isArray(received);
	const { [CONFIRMATION_FIELD]: confirmation, ...body } = isObject ? (received as IDataObject) : {};
	let call: ResumeCall;
	try {
		// A link may name its event (`&event=customerReplied`), for a POST to it as for its page; the body's wins.
		const linkEvent = typeof query.event === 'string' ? { event: query.event } : {};
		call = readResumeCall(isObject ? { ...linkEvent, ...body } : received, settings.acceptedEvents);
	} catch (error) {
		return refuse(422, (error as Error).message);
	}
	if (settings.secret) {
		const given = fromPage ? String(confirmation ?? '') : String(request.headers[settings.secret.header] ?? '');
		const expected = fromPage ? confirmationFor(settings.secret.value, resumeUrl, call.event) : settings.secret.value;
		if (!sameText(given, expected)) {
			return refuse(401, fromPage ? 'This confirmation is not valid: open the link again.' : 'The resume secret header is missing or wrong: the case keeps waiting.');
		}
	}

	const resumedAt = new Date();
	const outputs: INodeExecutionData[][] = [[], []];
	const outcomes: string[] = [];
	items.forEach((item, itemIndex) => {
		const sla = resumedSla(slaOf(item), resumedAt, call);
		outcomes.push(sla.outcome ?? 'breached');
		outputs[sla.outcome === 'met' ? WAIT_OUTPUT.met : WAIT_OUTPUT.breached].push({
			json: { ...item.json, sla: sla as IDataObject },
			pairedItem: { item: itemIndex },
		});
	});
	const outcome = outcomes.every((value) => value === 'met') ? 'met' : outcomes.every((value) => value === 'breached') ? 'breached' : 'mixed';
	if (fromPage) send({ status: 200, page: { kind: 'done', language, event: call.event } });
	else send({ status: 200, json: { resumed: true, event: call.event, outcome, resumedAt: resumedAt.toISOString() } });
	return { noWebhookResponse: true, workflowData: outputs };
}
