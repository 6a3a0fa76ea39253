import type { ImagePart, ImageSource } from './canonical';
import { isRecord } from './is-record';

// Images travel as URLs in OpenAI formats (data URIs or http), as base64 + media type elsewhere.

const DATA_URI = /^data:([^;,]+)?(?:;[^;,]*)*?;base64,(.*)$/s;

export function imageFromUrl(url: string): ImagePart {
  const match = DATA_URI.exec(url);
  if (match)
    return {
      type: 'image',
      source: { kind: 'base64', mediaType: match[1] ?? 'application/octet-stream', data: match[2] },
    };
  return { type: 'image', source: { kind: 'url', url } };
}

/** An OpenAI `image_url`, given as the URL itself or as `{url, detail}`; undefined when it has none. */
export function imageUrlOf(imageUrl: unknown): string | undefined {
  const url = isRecord(imageUrl) ? imageUrl.url : imageUrl;
  return typeof url === 'string' ? url : undefined;
}

export function imageToUrl(source: ImageSource): string {
  return source.kind === 'base64' ? `data:${source.mediaType};base64,${source.data}` : source.url;
}
