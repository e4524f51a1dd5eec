/**
 * From a typed line to the router's reply: the mode's command tree, `| include …` after show
 * commands, and IOS's error answers (the caret under the first word it could not take).
 */
import { type Action, type CommandContext, commandsFor, execCommands, filterCommands, type Reply } from './demoCommands.js';
import { type Mode, type ParseResult, help, parse } from './demoParser.js';
import { type FilterKind, OutputFilter } from './demoStreams.js';

export const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

/** What `?` lists for the line typed so far (the filters after a show command's `|`). */
export function helpRows(line: string, mode: Mode): string[] | null {
  const pipe = showPipe(line, mode);
  return pipe ? help(filterCommands, pipe.filter, 'exec') : help(commandsFor(mode), line, mode);
}

/** A show command followed by `| include …`: the split, or null. */
function showPipe(line: string, mode: Mode): { show: string; filter: string; offset: number } | null {
  const bar = line.indexOf('|');
  if (bar < 0 || mode === 'config') return null;
  const show = line.slice(0, bar);
  const parsed = parse(execCommands, show, mode);
  return parsed.kind === 'ok' && parsed.path[0] === 'show' ? { show, filter: line.slice(bar + 1), offset: bar + 1 } : null;
}

/**
 * Parses and runs one line in `mode`; `caretBase` is where the line starts on screen (the caret
 * of an error points into it), `context` gives the command its session.
 */
export function interpret(line: string, mode: Mode, caretBase: number, context: (args: Record<string, string | number>) => CommandContext): Reply {
  const pipe = showPipe(line, mode);
  if (pipe) {
    const filter = parse(filterCommands, pipe.filter, 'exec');
    if (filter.kind !== 'ok') return parseError(filter.kind === 'invalid' ? { ...filter, at: filter.at + pipe.offset } : filter, line, caretBase, mode);
    return filtered(interpret(pipe.show, mode, caretBase, context), new OutputFilter(filter.path[0] as FilterKind, String(filter.args.pattern)));
  }
  const parsed = parse(commandsFor(mode), line, mode);
  if (parsed.kind !== 'ok') return parseError(parsed, line, caretBase, mode);
  const result = parsed.run(context(parsed.args)) ?? {};
  const reply = typeof result === 'string' ? { text: result } : result;
  if (parsed.notes.length === 0) return reply;
  return { ...reply, text: [...parsed.notes, reply.text].filter((t) => t !== undefined && t !== '').join('\n') };
}

function filtered(reply: Reply, filter: OutputFilter): Reply {
  if (reply.chunks) {
    const chunks = reply.chunks;
    return { ...reply, chunks: function* () {
      for (const chunk of chunks()) yield filter.push(chunk);
      yield filter.finish();
    } };
  }
  const text = crlf(reply.text ?? '');
  return { ...reply, text: filter.push(`${text}\r\n`).replace(/\r\n$/, '') + filter.finish() };
}

function parseError(result: Exclude<ParseResult<Action>, { kind: 'ok' }>, line: string, caretBase: number, mode: Mode): Reply {
  switch (result.kind) {
    case 'ambiguous':
      return { text: `% Ambiguous command:  "${line.trim()}"` };
    case 'incomplete':
      return { text: '% Incomplete command.\n' };
    case 'unknown':
      if (mode !== 'config') return { text: '% Unknown command or computer name, or unable to find computer address' };
      return { text: `${' '.repeat(caretBase + line.search(/\S/))}^\n% Invalid input detected at '^' marker.\n` };
    case 'invalid':
      return { text: `${' '.repeat(caretBase + result.at)}^\n% Invalid input detected at '^' marker.\n` };
  }
}
