/**
 * Alert Rule's parameters, read once per run and checked before any response is decided, so a
 * broken rule set fails on the first item with the rule and the field, never passing silently.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { AlertRuleSetup } from '../core/alertDecision';
import { prepareAlertRules } from '../core/alertDecision';
import type { CompiledAlertTemplates } from '../core/alertMessage';
import { compileAlertTemplates } from '../core/alertMessage';
import { DEFAULT_COOLDOWN_FIELDS } from '../core/cooldown';
import { parseJsonText } from '../core/json';
import { readRoutingTable } from '../core/routing';
import type { MatchMode } from '../core/rules';
import { conditionFromEditorRow } from '../core/rules';
import type { TemplateOptions } from '../shared/messageTemplateFields';
import { userTemplatesOf } from '../shared/messageTemplateFields';

export interface AlertRuleSettings {
	setup: AlertRuleSetup;
	templates: CompiledAlertTemplates;
	cooldownHours: number;
	cooldownFields: string[];
	maskPersonalData: boolean;
	timeZone: string;
}

interface EditorCondition {
	field?: string;
	operator?: string;
	value?: unknown;
	ignoreCase?: boolean;
}
interface EditorPeople {
	ownerName?: string;
	ownerEmail?: string;
	ownerPhone?: string;
	ownerHelpdeskUserId?: string;
	coachName?: string;
	coachEmail?: string;
	coachPhone?: string;
}
interface EditorRule extends EditorPeople {
	name?: string;
	all?: { condition?: EditorCondition[] };
	any?: { condition?: EditorCondition[] };
	ownerSource?: 'routing' | 'rule';
}
interface AlertRuleOptions extends TemplateOptions {
	cooldownFields?: string;
	maskPersonalData?: boolean;
	timeZone?: string;
}

/**
 * A rule built in the editor, in the JSON shape: its "all" conditions, with its "any" conditions
 * as one nested group (Zendesk's model: all of these, and at least one of those).
 */
export function ruleFromEditor(rule: EditorRule): Record<string, unknown> {
	const all = (rule.all?.condition ?? []).map(conditionFromEditorRow);
	const any = (rule.any?.condition ?? []).map(conditionFromEditorRow);
	const when =
		all.length === 0 && any.length > 0
			? { combine: 'any', conditions: any }
			: { combine: 'all', conditions: any.length > 0 ? [...all, { combine: 'any', conditions: any }] : all };
	const own: Record<string, unknown> = {};
	if (rule.ownerSource === 'rule') {
		own.owner = { name: rule.ownerName, email: rule.ownerEmail, phone: rule.ownerPhone, helpdeskUserId: rule.ownerHelpdeskUserId };
		if (rule.coachName || rule.coachEmail || rule.coachPhone) own.coach = { name: rule.coachName, email: rule.coachEmail, phone: rule.coachPhone };
	}
	return { name: rule.name ?? '', when, ...own };
}

/** Alert On applies to pasted rules unless they set their own "match"; text that is not JSON is left for the rules' own error. */
function withMatch(rulesJson: unknown, match: MatchMode): unknown {
	const value = typeof rulesJson === 'string' ? (parseJsonText(rulesJson)?.value ?? rulesJson) : rulesJson;
	return value !== null && typeof value === 'object' && !Array.isArray(value) && !('match' in value) ? { ...value, match } : value;
}


export function readAlertRuleSettings(context: IExecuteFunctions): AlertRuleSettings {
	const parameter = <T>(name: string, fallback: T) => context.getNodeParameter(name, 0, fallback) as T;
	const match = parameter<MatchMode>('match', 'first');
	const ruleSet =
		parameter<string>('rulesInput', 'editor') === 'json'
			? withMatch(parameter<unknown>('rulesJson', ''), match)
			: { match, rules: (parameter<{ rule?: EditorRule[] }>('rules', {}).rule ?? []).map(ruleFromEditor) };
	const routingInput = parameter<string>('routingInput', 'none');
	const routingField = parameter('routingField', 'feedback.hidden.store').trim();
	const routing =
		routingInput === 'none'
			? readRoutingTable(undefined, routingField)
			: routingInput === 'editor'
				? readRoutingTable(parameter<{ route?: unknown[] }>('routes', {}).route ?? [], routingField)
				: readRoutingTable(parameter<unknown>('routesJson', ''), routingField, parameter('routingValueColumn', 'value').trim() || 'value');
	const options = parameter<AlertRuleOptions>('options', {});
	const timeZone = options.timeZone?.trim() || context.getTimezone();
	return {
		setup: prepareAlertRules({
			ruleSet,
			match,
			routing,
			defaultOwner: parameter<unknown>('defaultOwner', {}),
			defaultCoach: parameter<unknown>('defaultCoach', {}),
		}),
		templates: compileAlertTemplates(userTemplatesOf(options), { timeZone }),
		cooldownHours: parameter('cooldownHours', 24),
		cooldownFields: options.cooldownFields?.trim()
			? options.cooldownFields.split(/[,;\n]/).map((field) => field.trim()).filter(Boolean)
			: [...DEFAULT_COOLDOWN_FIELDS],
		maskPersonalData: options.maskPersonalData ?? false,
		timeZone,
	};
}
