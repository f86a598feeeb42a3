/**
 * The one catalogue of errors a user can see. Each code has a message template and a fix hint, so
 * every failure names its input and says what to do. Only src/cli turns these into exit codes.
 */

export const catalogue = {
  "spec-not-found": { exit: 1, hint: "Pass --spec with a .tsp file or a folder that holds main.tsp." },
  "spec-invalid": {
    exit: 1,
    // `npx tsp` alone would fetch the unrelated npm package named `tsp` outside a TypeSpec project.
    hint: "Fix the TypeSpec errors above; `npx -p @typespec/compiler tsp compile <spec>` shows the same diagnostics.",
  },
  "spec-unsupported": { exit: 1, hint: "Change the construct named above, or open an issue asking for it to be supported." },
  "spec-too-deep": {
    exit: 1,
    hint: "Flatten the nesting named above: give deeply nested anonymous models, arrays or unions names of their own, and break long chains of models that contain one another (refer to the next one by its key instead).",
  },
  "spec-pattern-invalid": {
    exit: 1,
    hint: "Fix the regular expression at the location above: the generated server compiles it as a JavaScript RegExp with the u flag, as JSON Schema validators do.",
  },
  "spec-no-service": { exit: 1, hint: "Mark a namespace with @service and put at least one operation under a @route." },
  "flag-unknown": { exit: 2, hint: "Run with --help to see every flag." },
  // Most flag errors carry a fix of their own (see questions/check.ts); this one is the fallback.
  "flag-invalid": { exit: 2, hint: "Run with --help to see the flag's values." },
  "answer-missing": { exit: 2, hint: "Pass the flag named above, or put the answer in a file given with --answers." },
  "answers-file-invalid": { exit: 2, hint: "Fix the answers file; every key must be a question name from --help." },
  "target-not-empty": { exit: 1, hint: "Choose another folder, empty this one, or pass --force to write into it." },
  "target-conflict": { exit: 1, hint: "Your edits to the files above were kept; pass --force to overwrite them." },
  "merge-conflict": {
    exit: 1,
    hint: "Edit the files above: keep what you want between the <<<<<<< and >>>>>>> markers and delete the markers, then run update again (or --check).",
  },
  "check-failed": { exit: 1, hint: "Run `npx create-typespec-stack update` in the project and commit what it changes." },
  "path-escape": { exit: 1, hint: "A generated path must stay inside the target folder; rename the template or spec item named above." },
  "template-error": { exit: 1, hint: "Fix the template named above (a team override or a plugin's own)." },
  "plugin-invalid": { exit: 1, hint: "Check the plugin named above: its name, its layer, and that it exports definePlugin(...)." },
  "plugin-conflict": { exit: 1, hint: "Enable only one of the plugins named above." },
  "plugin-missing": { exit: 1, hint: "Install the plugin package, or check the path given to --plugin." },
  "config-invalid": { exit: 2, hint: "Fix typespec-stack.config.json in the working folder." },
  // Printed as the message alone, without "error"/"fix" labels: stopping is not a mistake.
  cancelled: { exit: 130, hint: "Run the command again when you are ready." },
  "install-failed": { exit: 1, hint: "The project was kept; run the install command again inside it." },
  "write-failed": { exit: 1, hint: "Check the permissions and free space of the folder named above, then run again." },
  "dialect-change": { exit: 1, hint: "Take the steps above, then run the same command again; nothing was written." },
  "not-a-project": {
    exit: 2,
    hint: "cd into the generated project (the folder with typespec-stack.json) and run update there, or name the project folder: create-typespec-stack my-api --yes.",
  },
  "manifest-invalid": {
    exit: 1,
    hint: "Restore typespec-stack.json (e.g. `git checkout typespec-stack.json`), or delete it and pass --force to regenerate over the folder.",
  },
  "git-failed": { exit: 1, hint: "The project was kept; run `git init` and make the first commit yourself." },
} as const;

export type DiagnosticCode = keyof typeof catalogue;

/** An error meant for the user: a code from the catalogue, a message naming the input, and details. */
export class StackError extends Error {
  readonly code: DiagnosticCode;
  readonly hint: string;
  readonly exitCode: number;
  /** Extra lines shown under the message, e.g. one per TypeSpec diagnostic. */
  readonly details: string[];

  /** `hint` replaces the code's catalogue fix when the error knows a truer one (`--port 3000`). */
  constructor(code: DiagnosticCode, message: string, details: string[] = [], hint?: string) {
    super(message);
    this.name = "StackError";
    this.code = code;
    this.hint = hint ?? catalogue[code].hint;
    this.exitCode = catalogue[code].exit;
    this.details = details;
  }
}

export function isStackError(error: unknown): error is StackError {
  return error instanceof StackError;
}
