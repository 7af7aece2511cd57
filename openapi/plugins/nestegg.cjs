// Redocly plugin for nestegg's spec. Its one decorator writes the permissions an operation needs
// (the x-nestegg-permissions extension, the single source) into the operation's description, so that
// the docs page shows them with every operation.
function permissionsInDescription() {
  return {
    Operation: {
      leave(operation) {
        const permissions = operation['x-nestegg-permissions'];
        if (!Array.isArray(permissions)) return;
        const line = permissions.length === 0
          ? '**Permission:** none.'
          : `**Permission:** ${permissions.map((key) => `\`${key}\``).join(' and ')} (user tokens; environment tokens pass).`;
        operation.description = operation.description ? `${operation.description.trimEnd()}\n\n${line}` : line;
      },
    },
  };
}

module.exports = function nesteggPlugin() {
  return {
    id: 'nestegg',
    decorators: {
      oas3: { 'permissions-in-description': permissionsInDescription },
    },
  };
};
