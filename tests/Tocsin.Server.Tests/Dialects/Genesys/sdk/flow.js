'use strict';
// Drives the official Genesys Cloud JavaScript SDK (purecloud-platform-client-v2, pinned in package.json) against
// Tocsin's /compat/genesys dialect. Run by GenesysSdkTests in phases, because the rule only fires after the C# test has
// advanced the server's fake clock and run the evaluator between two invocations:
//
//   node flow.js setup   login, create/list/get/update/delete a throwaway rule, create the rule that will fire,
//                        push samples that break it (POST /api/v1/metrics with the admin key)
//   node flow.js check   login, see the alert (list + get), unread/active counts, mark it read, unread count drops,
//                        delete the rule, see it gone
//
// Input (environment): TOCSIN_PORT, GENESYS_CLIENT_ID, GENESYS_CLIENT_SECRET, TOCSIN_ADMIN_KEY,
//   GENESYS_USER_ID (the notification user, the one the OAuth client is bound to), GENESYS_QUEUE_ID,
//   SAMPLE_TIME_MS (setup: timestamp of the samples, the server's clock), RULE_ID (check: from setup's output).
// Output: one JSON object on stdout. Any failure: a message on stderr and exit code 1.

const fs = require('fs');
const path = require('path');
const platformClient = require('purecloud-platform-client-v2');

// The SDK's own model declarations (index.d.ts of the installed package): every answer is checked against them, so a
// field the dialect leaves out, or one Genesys does not have, shows up as a violation instead of passing unnoticed.
const declarations = fs.readFileSync(path.join(path.dirname(require.resolve('purecloud-platform-client-v2/package.json')), 'index.d.ts'), 'utf8');
const violations = [];

function modelFields(model) {
  const block = declarations.match(new RegExp(`export interface ${model} \\{([\\s\\S]*?)\\n\\t\\}`));
  if (!block) throw new Error(`model ${model} is not declared by the SDK`);
  return [...block[1].matchAll(/"(\w+)"(\??):/g)].map(m => ({ name: m[1], required: m[2] !== '?' }));
}

function conforms(model, value, where) {
  const fields = modelFields(model);
  for (const f of fields) {
    if (f.required && !(f.name in value)) violations.push(`${where}: ${model}.${f.name} is required but missing`);
  }
  for (const key of Object.keys(value)) {
    if (!fields.some(f => f.name === key)) violations.push(`${where}: ${model} has no field ${key}`);
  }
  // Users: unknown fields only. The SDK declares User.version required (it is the PUT /users body too), but an
  // unexpanded notificationUsers entry is a bare reference {id, selfUri}, as the dialect's docs record.
  const users = model === 'User' ? [] : (value.notificationUsers || []);
  users.forEach((u, i) => {
    const userFields = modelFields('User');
    for (const key of Object.keys(u)) {
      if (!userFields.some(f => f.name === key)) violations.push(`${where}.notificationUsers[${i}]: User has no field ${key}`);
    }
  });
  return value;
}

function conformsList(container, model, value, where) {
  conforms(container, value, where);
  (value.entities || []).forEach((e, i) => conforms(model, e, `${where}.entities[${i}]`));
  return value;
}

function env(name) {
  const value = process.env[name];
  if (value === undefined || value === '') fail(`environment variable ${name} is required`);
  return value;
}

function fail(message) {
  process.stderr.write(`genesys sdk flow failed: ${message}\n`);
  process.exit(1);
}

function check(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

// Without returnExtended the SDK rejects with the response body itself (Genesys's ErrorBody: status, code, message…),
// with the axios error when there was no response, or with {status, body, …} when returnExtended is set.
function errorBody(err) {
  if (err && typeof err === 'object' && err.body && typeof err.body === 'object') return err.body;
  return err;
}

function describe(step, err) {
  const body = errorBody(err);
  if (body && typeof body === 'object' && 'status' in body && 'code' in body) return `${step}: HTTP ${body.status} ${JSON.stringify(body)}`;
  return `${step}: ${err && err.stack ? err.stack : typeof err === 'object' ? JSON.stringify(err) : String(err)}`;
}

async function step(name, action) {
  try {
    return await action();
  } catch (err) {
    throw new Error(describe(name, err));
  }
}

async function login() {
  const client = platformClient.ApiClient.instance;
  client.setGateway({
    host: '127.0.0.1', port: Number(env('TOCSIN_PORT')), protocol: 'http',
    path_params_api: '/compat/genesys', path_params_login: '/compat/genesys',
  });
  const auth = await step('loginClientCredentialsGrant', () =>
    client.loginClientCredentialsGrant(env('GENESYS_CLIENT_ID'), env('GENESYS_CLIENT_SECRET')));
  check(typeof auth.accessToken === 'string' && auth.accessToken.length > 0, 'login returned an access token');
  return { auth, api: new platformClient.AlertingApi() };
}

function ruleBody(name, value) {
  return {
    name,
    dimension: 'queueId',
    dimensionValue: env('GENESYS_QUEUE_ID'),
    metric: 'tAbandon',
    mediaType: 'voice',
    numericRange: 'gt',
    statistic: 'max',
    value,
    enabled: true,
    notificationUsers: [{ id: env('GENESYS_USER_ID') }],
    alertTypes: ['EMAIL', 'DEVICE'],
  };
}

// Samples go in through Tocsin's native metrics API, as the dialect's docs say (Genesys has no such endpoint).
async function pushSamples(samples) {
  const response = await fetch(`http://127.0.0.1:${env('TOCSIN_PORT')}/api/v1/metrics`, {
    method: 'POST',
    headers: { 'Authorization': `Bearer ${env('TOCSIN_ADMIN_KEY')}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(samples),
  });
  if (response.status !== 202) throw new Error(`POST /api/v1/metrics: HTTP ${response.status} ${await response.text()}`);
}

async function setup() {
  const { auth, api } = await login();

  // CRUD on a throwaway rule, each through the SDK's own method.
  const created = await step('postAlertingInteractionstatsRules', () =>
    api.postAlertingInteractionstatsRules(ruleBody('sdk throwaway', 60000)));
  conforms('InteractionStatsRule', created, 'created');
  check(typeof created.id === 'string' && created.inAlarm === false, `created rule has an id and is not in alarm: ${JSON.stringify(created)}`);
  const listed = await step('getAlertingInteractionstatsRules', () =>
    api.getAlertingInteractionstatsRules({ expand: ['notificationUsers'] }));
  conformsList('InteractionStatsRuleContainer', 'InteractionStatsRule', listed, 'listed');
  check(listed.entities.some(r => r.id === created.id), 'the list contains the created rule');
  const got = await step('getAlertingInteractionstatsRule', () =>
    api.getAlertingInteractionstatsRule(created.id, { expand: ['notificationUsers'] }));
  conforms('InteractionStatsRule', got, 'got');
  const updated = await step('putAlertingInteractionstatsRule', () =>
    api.putAlertingInteractionstatsRule(created.id, { ...ruleBody('sdk throwaway renamed', 90000), statistic: 'min' }));
  conforms('InteractionStatsRule', updated, 'updated');
  check(updated.name === 'sdk throwaway renamed' && updated.value === 90000 && updated.statistic === 'min', `update applied: ${JSON.stringify(updated)}`);
  await step('deleteAlertingInteractionstatsRule', () => api.deleteAlertingInteractionstatsRule(created.id));
  let deletedStatus = null;
  try {
    await api.getAlertingInteractionstatsRule(created.id);
  } catch (err) {
    const body = errorBody(err);
    deletedStatus = { status: body && body.status, code: body && body.code };
  }
  check(deletedStatus !== null, 'the deleted rule is gone');

  // The rule that will fire: max(tAbandon) over the window > 30 s on the queue's voice interactions.
  const rule = await step('postAlertingInteractionstatsRules (firing rule)', () =>
    api.postAlertingInteractionstatsRules(ruleBody('Queue A abandon > 30s', 30000)));
  conforms('InteractionStatsRule', rule, 'rule');
  const at = Number(env('SAMPLE_TIME_MS'));
  await pushSamples([
    { name: 'tAbandon', labels: { queueId: env('GENESYS_QUEUE_ID'), mediaType: 'voice' }, value: 45000, timestamp: at },
    // Same queue, other media type: must not count.
    { name: 'tAbandon', labels: { queueId: env('GENESYS_QUEUE_ID'), mediaType: 'chat' }, value: 99000, timestamp: at },
  ]);
  const unreadBefore = await step('getAlertingInteractionstatsAlertsUnread', () => api.getAlertingInteractionstatsAlertsUnread());

  conforms('UnreadMetric', unreadBefore, 'unreadBefore');

  return {
    phase: 'setup', tokenType: typeof auth.accessToken, created, listed, got, updated, deletedStatus, rule, unreadBefore, violations,
  };
}

async function checkPhase() {
  const { api } = await login();
  const ruleId = env('RULE_ID');

  const rule = await step('getAlertingInteractionstatsRule', () => api.getAlertingInteractionstatsRule(ruleId));
  const alerts = await step('getAlertingInteractionstatsAlerts', () =>
    api.getAlertingInteractionstatsAlerts({ expand: ['notificationUsers'] }));
  check(alerts.entities.length > 0, `an alert is listed: ${JSON.stringify(alerts)}`);
  const alert = await step('getAlertingInteractionstatsAlert', () =>
    api.getAlertingInteractionstatsAlert(alerts.entities[0].id, { expand: ['notificationUsers'] }));
  const active = await step('getAlertingAlertsActive', () => api.getAlertingAlertsActive());
  const unreadBefore = await step('getAlertingInteractionstatsAlertsUnread', () => api.getAlertingInteractionstatsAlertsUnread());
  const marked = await step('putAlertingInteractionstatsAlert', () =>
    api.putAlertingInteractionstatsAlert(alert.id, { unread: false }));
  const unreadAfter = await step('getAlertingInteractionstatsAlertsUnread (after read)', () => api.getAlertingInteractionstatsAlertsUnread());
  const alertAfter = await step('getAlertingInteractionstatsAlert (after read)', () => api.getAlertingInteractionstatsAlert(alert.id));

  await step('deleteAlertingInteractionstatsRule', () => api.deleteAlertingInteractionstatsRule(ruleId));
  const rulesAfter = await step('getAlertingInteractionstatsRules (after delete)', () => api.getAlertingInteractionstatsRules());
  const activeAfter = await step('getAlertingAlertsActive (after delete)', () => api.getAlertingAlertsActive());

  conforms('InteractionStatsRule', rule, 'rule');
  conformsList('InteractionStatsAlertContainer', 'InteractionStatsAlert', alerts, 'alerts');
  conforms('InteractionStatsAlert', alert, 'alert');
  conforms('ActiveAlertCount', active, 'active');
  conforms('UnreadMetric', unreadBefore, 'unreadBefore');
  conforms('UnreadStatus', marked, 'marked');
  conforms('UnreadMetric', unreadAfter, 'unreadAfter');
  conforms('InteractionStatsAlert', alertAfter, 'alertAfter');
  conformsList('InteractionStatsRuleContainer', 'InteractionStatsRule', rulesAfter, 'rulesAfter');
  conforms('ActiveAlertCount', activeAfter, 'activeAfter');

  return { phase: 'check', rule, alerts, alert, active, unreadBefore, marked, unreadAfter, alertAfter, rulesAfter, activeAfter, violations };
}

const phases = { setup, check: checkPhase };
const phase = process.argv[2];
if (!phases[phase]) fail(`usage: node flow.js <${Object.keys(phases).join('|')}>`);

phases[phase]().then(
  result => { process.stdout.write(JSON.stringify(result) + '\n'); },
  err => fail(err && err.message ? err.message : String(err)),
);
