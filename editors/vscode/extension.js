// Starts `standards-rules lsp` for .rules files (the command is the setting standardsRules.command).
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace
    .getConfiguration("standardsRules")
    .get("command", ["standards-rules", "lsp"]);
  client = new LanguageClient(
    "standardsRules",
    "standards-rules",
    { command, args },
    { documentSelector: [{ scheme: "file", language: "rules" }] }
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
