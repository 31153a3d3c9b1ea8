/**
 * The first-admin link the server prints (`/?setup=<token>`): the page takes
 * the token and leaves the URL without it (history.replaceState), so it is
 * neither bookmarked, nor shared with the view, nor kept in the history.
 */

/** The setup token of a query string, and the query string without it ('' when nothing is left). */
export function takeSetupToken(search: string): { token: string | null; search: string } {
  const query = new URLSearchParams(search);
  const token = query.get('setup')?.trim() || null;
  if (!query.has('setup')) return { token: null, search };
  query.delete('setup');
  const rest = query.toString();
  return { token, search: rest === '' ? '' : `?${rest}` };
}

/** Takes the token from the page's URL, replacing the history entry with the URL without it. */
export function takeSetupTokenFromPage(
  page: Pick<Window, 'location' | 'history'> = window,
): string | null {
  const { token, search } = takeSetupToken(page.location.search);
  if (search !== page.location.search)
    page.history.replaceState(
      page.history.state,
      '',
      `${page.location.pathname}${search}${page.location.hash}`,
    );
  return token;
}
