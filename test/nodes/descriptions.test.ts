import type { INode, INodeParameters, INodeProperties, INodeType, INodeTypes } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { DEFAULT_CUSTOM_JSON_MAPPING } from '../../nodes/SurveyTrigger/sources/customJson';
import { SurveyTrigger } from '../../nodes/SurveyTrigger/SurveyTrigger.node';
import { ScoreClassify } from '../../nodes/ScoreClassify/ScoreClassify.node';
import { AlertRule } from '../../nodes/AlertRule/AlertRule.node';
import { SlaWait } from '../../nodes/SlaWait/SlaWait.node';
import { CreateCase } from '../../nodes/CreateCase/CreateCase.node';
import { PACKAGE_NAME, loadPackageNodeTypes } from './harness';

/** Flattens collections so every field the editor shows can be checked. */
function allProperties(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => [
		property,
		...allProperties(((property.options ?? []) as INodeProperties[]).filter((option) => 'type' in option)),
	]);
}

describe('node descriptions', () => {
	it('show the same default field names in the editor as the Custom JSON source uses', () => {
		const fields = allProperties(new SurveyTrigger().description.properties).filter((property) =>
			property.name.endsWith('Path'),
		);
		expect(fields.length).toBeGreaterThanOrEqual(14);
		for (const field of fields) {
			expect([field.name, field.default]).toEqual([
				field.name,
				DEFAULT_CUSTOM_JSON_MAPPING[field.name as keyof typeof DEFAULT_CUSTOM_JSON_MAPPING],
			]);
		}
	});

	it.each([
		['Survey Trigger', new SurveyTrigger().description],
		['Score & Classify', new ScoreClassify().description],
		['Alert Rule', new AlertRule().description],
		['SLA Wait', new SlaWait().description],
		['Create Case', new CreateCase().description],
	])('%s lists every option alphabetically, as the n8n editor expects', (_name, description) => {
		for (const property of allProperties(description.properties)) {
			if (property.type !== 'options' && property.type !== 'collection') continue;
			const names = (property.options ?? []).map((option) => ('displayName' in option ? option.displayName : option.name));
			expect(names).toEqual([...names].sort((a, b) => String(a).localeCompare(String(b))));
		}
	});
});

describe('node subtitles, as the editor shows them under the node', () => {
	const nodeTypes = loadPackageNodeTypes();
	const registry: INodeTypes = {
		getByName: (type) => nodeTypes.get(type)!,
		getByNameAndVersion: (type) => NodeHelpers.getVersionedNodeType(nodeTypes.get(type)!),
		getKnownTypes: () => ({}),
	};

	function subtitle(type: string, parameters: INodeParameters): unknown {
		const description = (registry.getByNameAndVersion(type) as INodeType).description;
		const node: INode = { id: '1', name: 'Node', type, typeVersion: 1, position: [0, 0], parameters };
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: registry });
		node.parameters = NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node, description)!;
		return workflow.expression.getSimpleParameterValue(node, description.subtitle!, 'manual', {});
	}

	it.each([
		[{}, 'Custom JSON · NPS'],
		[{ metricType: 'csat' }, 'Custom JSON · CSAT'],
		[{ metricType: 'rating' }, 'Custom JSON · Star rating'],
		[{ source: 'typeform' }, 'Typeform'],
		[{ source: 'surveyMonkey', metricType: 'csat' }, 'SurveyMonkey'],
	])('Survey Trigger with %p reads "%s"', (parameters, expected) => {
		expect(subtitle(`${PACKAGE_NAME}.surveyTrigger`, parameters)).toBe(expected);
	});

	it.each([
		[{}, 'Driven by the first score'],
		[{ primaryMetric: 'ces' }, 'Driven by CES'],
	])('Score & Classify with %p reads "%s"', (parameters, expected) => {
		expect(subtitle(`${PACKAGE_NAME}.scoreClassify`, parameters)).toBe(expected);
	});

	it.each([
		[{}, 'Wait 48 business hours'],
		[{ mode: 'check', durationAmount: 2, durationUnit: 'businessDays' }, 'Check 2 business days'],
		[{ durationAmount: 4, durationUnit: 'calendarHours' }, 'Wait 4 hours'],
	])('SLA Wait with %p reads "%s"', (parameters, expected) => {
		expect(subtitle(`${PACKAGE_NAME}.slaWait`, parameters)).toBe(expected);
	});
});

describe('Survey Trigger field defaults', () => {
	it('shows the Custom JSON mapping the source itself defaults to, so editor and code agree', () => {
		const description = (loadPackageNodeTypes().get(`${PACKAGE_NAME}.surveyTrigger`) as INodeType).description;
		const defaults: Record<string, unknown> = {};
		const collect = (properties: readonly unknown[]) => {
			for (const property of properties as Array<{ name: string; default?: unknown; options?: unknown[] }>) {
				if (property.name.endsWith('Path')) defaults[property.name] = property.default;
				if (Array.isArray(property.options)) collect(property.options.filter((option) => typeof option === 'object' && option && 'displayName' in option));
			}
		};
		collect(description.properties);
		const mapped = Object.fromEntries(Object.entries(DEFAULT_CUSTOM_JSON_MAPPING).filter(([key]) => key.endsWith('Path')));
		expect(defaults).toEqual(mapped);
	});
});
