/**
 * An incremental Server-Sent Events reader: feed it text as it arrives, get each complete event's
 * data (multi-line data joined with "\n"). Partial lines wait for the next chunk.
 */
export function sseReader(): { push(text: string): string[] } {
  let buffer = '';
  let data: string[] = [];
  return {
    push(text) {
      buffer += text;
      const events: string[] = [];
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') {
          if (data.length) events.push(data.join('\n'));
          data = [];
        } else if (line.startsWith('data:')) {
          data.push(line.slice(5).replace(/^ /, ''));
        }
      }
      return events;
    },
  };
}
