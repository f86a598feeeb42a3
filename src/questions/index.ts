/** The one question list machinery: prompts, flags, --help and answers files from one declaration. */
export type { Answers, AnswerValue, Choice, Question } from "./types.ts";
export { coreQuestions, defaultProjectName, PACKAGE_MANAGERS, type CoreQuestionOptions, type PackageManager } from "./core.ts";
export { toValidPackageName, validatePackageName } from "./package-name.ts";
export { defaultFor, flagName, isInteger, kebabCase } from "./naming.ts";
export { defaultToolOptions, TOOL_OPTIONS, type ToolOptions, type ToolOptionSpec } from "./tool-options.ts";
export { buildFlagTable, type FlagSpec } from "./flag-table.ts";
export { parseArgv, peekToolOptions, peekFirstPositional, type ParsedArgv } from "./flags.ts";
export { formatHelp, type HelpMeta } from "./help.ts";
export { checkAnswers, readAnswersFile } from "./answers-file.ts";
export { isInteractive, resolveAnswers, type Prompter, type ResolveOptions, type TtyLike } from "./resolve.ts";
export { createPrompter, type PromptContext } from "./prompt.ts";
