/**
 * Create Case's four operations, per item, between n8n and the provider: read the parameters, ask core for the
 * draft or the close record, make the provider's calls, and write `case` on the item. A failed item goes to the
 * Error output with everything needed to retry it; a retry never opens a second case, because Create finds first.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { CompiledAlertTemplates } from '../core/alertMessage';
import type { IntegrityPolicy, RootCause } from '../core/caseClosure';
import { closeIntegrity, isListedRootCause, readCaseClosure, readRootCauseList } from '../core/caseClosure';
import type { SlaResumeResult, StoredCase } from '../core/caseRecord';
import { caseOnItem, closeLanguageOf, closeRecord, compileCaseTemplates, draftCase, priorityMap, readCaseKey, slaLinkOf, twoWayOnRecord } from '../core/caseRecord';
import type { ClosedLoopItem } from '../core/feedback';
import { FeedbackError, readClosedLoopItem } from '../core/feedback';
import { SLA_RESUME_PATH, openSla, readInstant, resumeUrlFor } from '../core/sla';
import type { ApiClient } from '../shared/apiClient';
import { connectApi, retryAdvice } from '../shared/apiClient';
import { SlaPolicyReader } from '../shared/businessCalendarFields';
import { eachItemRouted } from '../shared/eachItem';
import type { TemplateOptions } from '../shared/messageTemplateFields';
import { userTemplatesOf } from '../shared/messageTemplateFields';
import type { CaseOperation } from './description';
import { OUTPUT } from './description';
import { caseProvider } from './providers';
import type { AnyCaseProvider } from './providers/types';

interface CaseOptions extends TemplateOptions {
	apiRetries?: number;
	apiTimeoutSeconds?: number;
	freeTextRootCause?: boolean;
	includeRequester?: boolean;
	linkSlaWait?: boolean;
	maskPersonalData?: boolean;
	priorityMap?: { values?: Record<string, string> };
	responseLink?: string;
	rootCauses?: string;
	slaEvent?: string;
	timeZone?: string;
}

/** What every item's run shares: the provider, its client, and what was read once for the node. */
interface CaseRun {
	context: IExecuteFunctions;
	operation: CaseOperation;
	provider: AnyCaseProvider;
	api: ApiClient;
	templates: CompiledAlertTemplates | null;
	rootCauses: readonly RootCause[];
	policies: SlaPolicyReader;
}

const option = (context: IExecuteFunctions, itemIndex: number): CaseOptions => context.getNodeParameter('options', itemIndex, {}) as CaseOptions;

export async function runCaseOperation(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = context.getNodeParameter('operation', 0, 'create') as CaseOperation;
	const options = option(context, 0);
	let provider: AnyCaseProvider;
	let templates: CompiledAlertTemplates | null = null;
	let rootCauses: readonly RootCause[];
	try {
		provider = caseProvider(context.getNodeParameter('provider', 0) as string);
		if (operation === 'create') {
			templates = compileCaseTemplates(userTemplatesOf(options), options.timeZone?.trim() || context.getTimezone());
		}
		rootCauses = readRootCauseList(options.rootCauses);
	} catch (error) {
		// The node's own settings are wrong: every item would fail the same way, so the node fails, naming the field.
		const field = error instanceof FeedbackError ? error.field : undefined;
		throw new NodeOperationError(context.getNode(), error instanceof Error ? error.message : String(error), {
			description: field ? `Check the field: ${field}` : undefined,
		});
	}
	const api = await connectApi(context, provider, {
		timeoutSeconds: options.apiTimeoutSeconds,
		retries: options.apiRetries,
	});
	const run: CaseRun = {
		context,
		operation,
		provider,
		api,
		templates,
		rootCauses,
		policies: new SlaPolicyReader((name, itemIndex, fallback) => context.getNodeParameter(name, itemIndex, fallback), context.getTimezone()),
	};
	return await eachItemRouted(context, 2, async (item, itemIndex) => {
		try {
			const json = await runOne(run, item, itemIndex);
			return [{ output: OUTPUT.case, json }];
		} catch (error) {
			return [{ output: OUTPUT.error, json: failedCaseItem(run, item, itemIndex, error) }];
		}
	});
}

async function runOne(run: CaseRun, item: INodeExecutionData, itemIndex: number): Promise<IDataObject> {
	const { context, provider } = run;
	const reader = <T>(name: string, fallback: T) => context.getNodeParameter(name, itemIndex, fallback) as T;
	const settings = provider.settings(reader);
	const options = option(context, itemIndex);
	const priorities = priorityMap(provider.defaultPriorities, options.priorityMap?.values ?? {});
	const input = withoutEarlierFailure(item.json);
	const record = (stored: StoredCase, details: Omit<Parameters<typeof caseOnItem>[2], 'priorities'>): IDataObject => ({
		...input,
		case: caseOnItem(provider.key, stored, { ...details, priorities }) as unknown as IDataObject,
	});

	if (run.operation === 'create') {
		const closedLoopItem = readClosedLoopItem(item.json, 'Create Case');
		const key = readCaseKey(reader('caseKey', ''));
		const found = await provider.find(run.api, key, settings);
		if (found && closedLoopItem.feedback.revision <= (found.revision ?? 1)) return record(found, { outcome: 'found' });
		const draft = draftCase(closedLoopItem, {
			key,
			templates: run.templates!,
			priorities,
			maskPersonalData: options.maskPersonalData ?? false,
			withRequester: options.includeRequester ?? true,
			assignOwner: reader('assignToOwner', true),
			responseLink: options.responseLink?.trim() || null,
			dueAt: dueDateOf(run, closedLoopItem, itemIndex),
			resumeUrl: resumeLinkOf(run, closedLoopItem, itemIndex, options),
		});
		const made = { priority: draft.priority, warnings: draft.warnings };
		if (found) return record(await provider.revise(run.api, found, draft, settings), { outcome: 'updated', ...made });
		const created = await provider.create(run.api, draft, settings);
		const standing = provider.converge ? await provider.converge(run.api, created, key, settings) : created;
		return record(standing, standing.id === created.id ? { outcome: 'created', ...made } : { outcome: 'found' });
	}

	const stored = await locateCase(run, settings, reader);
	if (run.operation === 'get') return record(stored, { outcome: 'fetched' });
	if (run.operation === 'addNote') {
		const text = String(reader<unknown>('noteText', '') ?? '').trim();
		if (text === '') throw new FeedbackError('Note is empty: give the text to add to the case', 'noteText');
		return record(await provider.addNote(run.api, stored, { text, at: new Date().toISOString() }, settings), { outcome: 'noted' });
	}

	const closure = readCaseClosure(
		{
			twoWayContact: reader<unknown>('twoWayContact', undefined),
			resolved: reader<unknown>('resolved', undefined),
			rootCause: reader<unknown>('rootCause', undefined),
			actionTaken: reader<unknown>('actionTaken', undefined),
			notes: reader<unknown>('closeNotes', undefined),
		},
		run.rootCauses,
	);
	if (closure.rootCause !== null && options.freeTextRootCause === false && !isListedRootCause(closure.rootCause, run.rootCauses)) {
		throw new FeedbackError(
			`Root Cause "${closure.rootCause}" is not in the list: use one of ${run.rootCauses.map((cause) => cause.id).join(', ')}, or allow free-text root causes`,
			'rootCause',
		);
	}
	const verdict = closeIntegrity(closure, reader<IntegrityPolicy>('integrityPolicy', 'flag'), twoWayOnRecord(input));
	if (!verdict.allowed) {
		throw new FeedbackError(`The case was not closed: ${verdict.reasons.join('; ')}`, 'integrity', 'Close Integrity is set to Block');
	}
	const close = closeRecord(closure, verdict, { language: closeLanguageOf(input), rootCauses: run.rootCauses, closedAt: new Date() });
	const closed = await provider.close(run.api, stored, close, settings);
	const slaResume = reader('resumeSla', true)
		? await resumeSlaWait(context, slaLinkOf(input, closed), options.slaEvent?.trim() || 'resolved', {
				caseId: closed.id,
				caseKey: closed.key,
				twoWayContact: closure.twoWayContact,
				resolved: closure.resolved,
				rootCause: closure.rootCause,
				integrity: close.integrity,
			})
		: undefined;
	return record(closed, { outcome: 'closed', close, slaResume });
}

async function locateCase(run: CaseRun, settings: unknown, reader: <T>(name: string, fallback: T) => T): Promise<StoredCase> {
	const byId = reader<string>('findBy', 'key') === 'id';
	const field = byId ? 'caseReferenceId' : 'caseReferenceKey';
	const reference = String(reader<unknown>(field, '') ?? '').trim();
	if (reference === '') {
		throw new FeedbackError(`${byId ? 'Case ID' : 'Case Key'} is empty: give the case to ${run.operation === 'get' ? 'read' : 'update'}`, field);
	}
	const stored = byId ? await run.provider.get(run.api, reference, settings) : await run.provider.find(run.api, readCaseKey(reference), settings);
	if (!stored) {
		throw new FeedbackError(`${run.provider.displayName} has no case with ${byId ? 'ID' : 'key'} "${reference}"`, field);
	}
	return stored;
}

function dueDateOf(run: CaseRun, item: ClosedLoopItem, itemIndex: number): Date | null {
	const mode = run.context.getNodeParameter('dueDate', itemIndex, 'policy') as string;
	if (mode === 'none') return null;
	if (mode === 'itemSla') {
		if (!item.sla?.dueAt) {
			throw new FeedbackError('Due Date is "From the Item’s SLA", but this item has no sla.dueAt', 'sla.dueAt', 'Put an SLA Wait before Create Case, or choose "From an SLA Policy"');
		}
		return new Date(item.sla.dueAt);
	}
	const policy = run.policies.read(itemIndex, null);
	const start = readInstant(run.context.getNodeParameter('dueFrom', itemIndex, ''), 'Due Date Counts From', policy.calendar.zone) ?? new Date();
	return new Date(openSla(policy, start).dueAt);
}

/** The SLA Wait link: the item's own (an SLA Wait ran before), else this execution's, which an SLA Wait later in the workflow will answer. */
function resumeLinkOf(run: CaseRun, item: ClosedLoopItem, itemIndex: number, options: CaseOptions): string | null {
	if (item.sla?.resumeUrl) return item.sla.resumeUrl;
	if (options.linkSlaWait === false) return null;
	try {
		return resumeUrlFor(String(run.context.evaluateExpression('{{ $execution.resumeUrl }}', itemIndex)), SLA_RESUME_PATH);
	} catch {
		// Some runs have no resume link (n8n without a webhook URL): the case is opened, Close will report noLink.
		return null;
	}
}

/**
 * Resumes the SLA Wait with the close's record. Closing never fails for it: the case is closed either way, and
 * what happened is on the item (`case.slaResume`) for the workflow to act on.
 */
async function resumeSlaWait(context: IExecuteFunctions, url: string | null, event: string, record: IDataObject): Promise<SlaResumeResult> {
	if (!url) return { outcome: 'noLink', httpStatus: null, message: 'No SLA Wait link is stored with this case' };
	try {
		const answer = (await context.helpers.httpRequest({
			method: 'POST',
			url,
			body: { event, ...record },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: 15_000,
		})) as { statusCode: number; body: unknown };
		const status = answer.statusCode;
		if (status >= 200 && status < 300) return { outcome: 'resumed', httpStatus: status, message: null };
		// n8n answers 404 for an execution it no longer has and 409 for one that already finished.
		if (status === 404 || status === 409) return { outcome: 'notWaiting', httpStatus: status, message: 'The SLA Wait is no longer waiting (it was resumed, breached or deleted)' };
		const said = (answer.body as IDataObject | null)?.message;
		return { outcome: 'failed', httpStatus: status, message: typeof said === 'string' ? said : `The SLA Wait answered HTTP ${status}` };
	} catch (error) {
		return { outcome: 'failed', httpStatus: null, message: `The SLA Wait could not be reached: ${error instanceof Error ? error.message : String(error)}` };
	}
}

/** What a failure left on an item that is tried again: dropped once the retry succeeds. */
function withoutEarlierFailure(json: IDataObject): IDataObject {
	const earlier = json.error as IDataObject | undefined;
	if (!earlier || typeof earlier !== 'object' || !('operation' in earlier)) return json;
	const rest = { ...json };
	delete rest.error;
	return rest;
}

/**
 * The Error output's item: the input as it came (so feeding it back retries it), plus `error` naming the call, the
 * provider's status and words, and whether a later try can succeed.
 */
function failedCaseItem(run: CaseRun, item: INodeExecutionData, itemIndex: number, error: unknown): IDataObject {
	const apiError = error instanceof NodeApiError ? error : null;
	const advice = apiError ? retryAdvice(apiError) : { retryable: false };
	const status = apiError?.httpCode ? Number(apiError.httpCode) : null;
	const failure: IDataObject = {
		message: error instanceof Error ? error.message : String(error),
		description: apiError?.description ?? (error instanceof FeedbackError ? (error.hint ?? null) : null),
		field: error instanceof FeedbackError ? error.field : null,
		operation: run.operation,
		provider: run.provider.key,
		httpStatus: Number.isFinite(status) ? status : null,
		retryable: advice.retryable,
		retryAfterSeconds: advice.retryAfterSeconds ?? null,
		attempts: (apiError?.context?.attempts as number | undefined) ?? null,
		itemIndex,
		failedAt: new Date().toISOString(),
	};
	return { ...withoutEarlierFailure(item.json), error: failure };
}

