// VS Code client for `coord lsp`, the Coord language server.
import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';

import { missingServerMessage, resolveServerPath } from './server';

let client: LanguageClient | undefined;
let statusItem: vscode.StatusBarItem;
let outputChannel: vscode.OutputChannel;

function setStatus(text: string, tooltip: string, error = false): void {
  statusItem.text = text;
  statusItem.tooltip = tooltip;
  statusItem.backgroundColor = error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  statusItem.show();
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration('coord');
  const setting = config.get<string>('server.path', 'coord');
  const extraArgs = config.get<string[]>('server.extraArgs', []);
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;

  const command = resolveServerPath(setting, { cwd });
  if (!command) {
    const message = missingServerMessage(setting);
    outputChannel.appendLine(message);
    setStatus('$(error) coord', `${message}\nClick to retry.`, true);
    // Not awaited: activation must not wait for the user to answer.
    void vscode.window.showErrorMessage(message, 'Open Settings', 'Retry').then((choice) => {
      if (choice === 'Open Settings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'coord.server.path');
      } else if (choice === 'Retry') {
        void vscode.commands.executeCommand('coord.restartServer');
      }
    });
    return;
  }

  const serverOptions: ServerOptions = {
    command,
    args: ['lsp', ...extraArgs],
    transport: TransportKind.stdio,
    options: cwd ? { cwd } : undefined,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'plan' },
      { scheme: 'untitled', language: 'plan' },
    ],
    synchronize: {
      // The server reads every .plan file of the workspace and coord.toml.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.plan'),
        vscode.workspace.createFileSystemWatcher('**/coord.toml'),
      ],
    },
    outputChannel,
  };

  // The id `coord` makes the client read the `coord.trace.server` setting.
  client = new LanguageClient('coord', 'Coord Language Server', serverOptions, clientOptions);
  client.onDidChangeState((event) => {
    if (event.newState === State.Running) {
      setStatus('$(check) coord', `Coord language server running (${command}).\nClick to restart.`);
    } else if (event.newState === State.Starting) {
      setStatus('$(sync~spin) coord', 'Coord language server starting…');
    } else {
      setStatus('$(debug-stop) coord', 'Coord language server stopped.\nClick to restart.');
    }
  });

  setStatus('$(sync~spin) coord', 'Coord language server starting…');
  try {
    await client.start();
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    const message =
      `Coord language server ("${command} lsp") failed to start: ${detail}. ` +
      'Its own message is in the output (Show Output).';
    outputChannel.appendLine(message);
    setStatus('$(error) coord', `${message}\nClick to retry.`, true);
    void vscode.window.showErrorMessage(message, 'Show Output').then((choice) => {
      if (choice === 'Show Output') {
        outputChannel.show();
      }
    });
    client = undefined;
  }
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop();
    } catch (err) {
      outputChannel.appendLine(`error while stopping the server: ${String(err)}`);
    }
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  outputChannel = vscode.window.createOutputChannel('Coord Language Server');
  statusItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 0);
  statusItem.name = 'Coord';
  statusItem.command = 'coord.restartServer';
  context.subscriptions.push(outputChannel, statusItem);

  context.subscriptions.push(
    vscode.commands.registerCommand('coord.restartServer', async () => {
      await stopClient();
      await startClient(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('coord.server')) {
        await stopClient();
        await startClient(context);
      }
    }),
  );

  await startClient(context);
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
