import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { raiseAlerts, simulate } from './alerting';
import { alertRuleOutputs, alertRuleProperties } from './description';

export class AlertRule implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Alert Rule',
		name: 'alertRule',
		icon: { light: 'file:alertRule.svg', dark: 'file:alertRule.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["mode"] === "simulate" ? "Simulate alert volume" : "Alert on " + ($parameter["match"] === "all" ? "all matching rules" : "the first matching rule") }}',
		description:
			'Decides which survey responses someone must act on now, routes each one to the owner who can fix it, with a coach, and keeps owners from drowning in alerts',
		defaults: {
			name: 'Alert Rule',
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{(${alertRuleOutputs})($parameter)}}`,
		usableAsTool: true,
		properties: alertRuleProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return this.getNodeParameter('mode', 0, 'alert') === 'simulate' ? simulate(this) : await raiseAlerts(this);
	}
}
