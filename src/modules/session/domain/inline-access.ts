/** The rules a proxy may pass in the check's query, as oauth2-proxy's `/oauth2/auth` takes them. */
export interface InlineAccessQuery {
  readonly allowed_groups?: string;
  readonly allowed_emails?: string;
  readonly allowed_email_domains?: string;
}

/**
 * Each parameter that is given must be satisfied (a comma-separated list: any entry will do);
 * comparisons ignore case. Returns why the person is refused, or null.
 */
export function inlineRefusal(
  query: InlineAccessQuery,
  principal: { readonly email: string | null; readonly groupSet: Pick<ReadonlySet<string>, 'has'> },
): string | null {
  const email = principal.email?.toLowerCase() ?? null;
  const groups = list(query.allowed_groups);
  if (groups && !groups.some((group) => principal.groupSet.has(group))) return `This page is open only to members of ${groups.join(', ')}.`;
  const emails = list(query.allowed_emails);
  if (emails && (email === null || !emails.includes(email))) return 'This page is open only to a list of people that does not include you.';
  const domains = list(query.allowed_email_domains)?.map((domain) => domain.replace(/^@/, ''));
  const domain = email === null ? null : email.slice(email.lastIndexOf('@') + 1);
  if (domains && (domain === null || !domains.includes(domain))) return `This page is open only to addresses at ${domains.join(', ')}.`;
  return null;
}

function list(value: string | undefined): string[] | null {
  if (value === undefined) return null;
  const items = value
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);
  // `?allowed_groups=` with nothing in it restricts to nobody in particular, as before: ignored.
  return items.length > 0 ? items : null;
}
