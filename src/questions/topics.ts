/**
 * What a question is about, from the user's side: the prompt asks in this order (what matters
 * before tooling) and --help groups its flags under these headings instead of plugin names.
 */
import type { Question, Topic } from "./types.ts";

export const TOPICS: readonly { id: Topic; heading: string }[] = [
  { id: "project", heading: "Project" },
  { id: "database", heading: "Database" },
  { id: "auth", heading: "Auth" },
  { id: "deploy", heading: "Deploy" },
  { id: "events", heading: "Events" },
  { id: "extras", heading: "Extras" },
  { id: "tooling", heading: "Tooling" },
];

/** A third-party plugin's question without a topic comes after the built-in extras, before tooling. */
const UNSORTED = TOPICS.findIndex((t) => t.id === "extras") + 0.5;

export function topicRank(question: Question): number {
  const index = TOPICS.findIndex((t) => t.id === question.topic);
  return index === -1 ? UNSORTED : index;
}

/** The questions in asking order: by topic, and within one topic as declared (a stable sort). */
export function byTopic<Q extends Question>(questions: readonly Q[]): Q[] {
  return questions
    .map((question, index) => ({ question, index }))
    .sort((a, b) => topicRank(a.question) - topicRank(b.question) || a.index - b.index)
    .map(({ question }) => question);
}

/** The --help heading of a question: its topic's, or the plugin it comes from. */
export function headingOf(question: Question): string {
  const topic = TOPICS.find((t) => t.id === question.topic);
  return topic ? topic.heading : `From plugin ${question.group ?? "core"}`;
}

/** The short name a summary line or a help row uses: the label, else the prompt text. */
export function labelOf(question: Question): string {
  return question.label ?? question.message;
}
