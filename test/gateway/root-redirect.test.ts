import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

// GET / sends a browser to the console; every other client keeps the JSON 404 of an unknown path.

describe('GET /', () => {
  it('redirects a browser (Accept: text/html) to /console/', async () => {
    const res = await SELF.fetch('http://gw/', {
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/console/');
  });

  it('answers other clients with the JSON 404', async () => {
    const res = await SELF.fetch('http://gw/', { headers: { accept: 'application/json' } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: expect.objectContaining({ message: 'No route for GET /.' }),
    });
  });
});
