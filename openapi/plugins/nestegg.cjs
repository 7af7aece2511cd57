// Redocly plugin for nestegg's spec. Its decorators write what the spec's extensions say into
// descriptions, so that the docs page shows it: the permissions an operation needs
// (x-nestegg-permissions), and the error codes it may answer (x-nestegg-errors) with the catalogue
// of every code in the API's description.
const fs = require('node:fs');
const path = require('node:path');

function permissionsInDescription() {
  return {
    Operation: {
      leave(operation) {
        const permissions = operation['x-nestegg-permissions'];
        if (!Array.isArray(permissions)) return;
        const line =
          permissions.length === 0
            ? '**Permission:** none.'
            : `**Permission:** ${permissions.map((key) => `\`${key}\``).join(' and ')} (user tokens; environment tokens pass).`;
        operation.description = operation.description ? `${operation.description.trimEnd()}\n\n${line}` : line;
      },
    },
  };
}

/** The error catalogue as `npm run generate` wrote it (scripts/generate-errors.ts runs before the bundle). */
function errorCatalogue() {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'generated', 'error-codes.json'), 'utf8'));
}

/** A message template of the catalogue, its arguments shown as an ellipsis. */
const shown = (message) => message.replace(/\{\}/g, '…').replace(/\|/g, '\\|');

function errorsInDescription() {
  const catalogue = errorCatalogue();
  const status = new Map(catalogue.codes.map((entry) => [entry.code, entry.status]));
  return {
    Info: {
      leave(info) {
        const rows = catalogue.codes.map((entry) => `| \`${entry.code}\` | ${entry.status} | ${shown(entry.message)} |`);
        const retired = catalogue.retired.map((entry) => `| \`${entry.code}\` | ${shown(entry.meaning)} |`);
        const text = [
          '**Error codes.** Each operation lists the codes it may answer (`x-nestegg-errors`, shown as',
          `**Errors**); any request may also get ${catalogue.anyOperation.map((code) => `\`${code}\``).join(', ')}.`,
          'A code keeps its meaning and status for good; `…` stands for what the message names.',
          '',
          '| code | status | message |',
          '|---|---|---|',
          ...rows,
          '',
          'Retired codes are never given again:',
          '',
          '| code | what it meant |',
          '|---|---|',
          ...retired,
        ].join('\n');
        info.description = info.description ? `${info.description.trimEnd()}\n\n${text}` : text;
      },
    },
    Operation: {
      leave(operation) {
        const codes = operation['x-nestegg-errors'];
        if (!Array.isArray(codes)) return;
        const line = `**Errors:** ${codes.length === 0 ? 'none of its own.' : codes.map((code) => `\`${code}\` (${status.get(code)})`).join(', ')}`;
        operation.description = operation.description ? `${operation.description.trimEnd()}\n\n${line}` : line;
      },
    },
  };
}

module.exports = function nesteggPlugin() {
  return {
    id: 'nestegg',
    decorators: {
      oas3: { 'permissions-in-description': permissionsInDescription, 'errors-in-description': errorsInDescription },
    },
  };
};
