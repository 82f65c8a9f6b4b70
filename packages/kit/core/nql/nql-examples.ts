/** The queries shown in `tributary logs --help` and docs/execution-log.md (and run by the tests). */
export const NQL_EXAMPLES: readonly string[] = [
  'platform.inbound_connector_logs during past 7d | where status == failure | list time, details.name, details.description | sort time desc | limit 100',
  'platform.inbound_connector_logs during past 30d | where details.nql_id == "salesforce_user_attributes" and status in [partial, failure] | list time, status, details.description',
  'platform.inbound_connector_logs during past 7d | summarize runs = count() by details.name, status',
];
