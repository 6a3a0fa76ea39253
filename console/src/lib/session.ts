// The signed-in token lives in sessionStorage only: gone when the tab closes, never in a URL.
const KEY = 'gateway-console-token';

export const readToken = (): string | null => sessionStorage.getItem(KEY);
export const saveToken = (token: string) => sessionStorage.setItem(KEY, token);
export const clearToken = () => sessionStorage.removeItem(KEY);
