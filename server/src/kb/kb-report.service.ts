// The knowledge base's figures for admins: reads, suggestions shown, feedback (a "helped" while
// writing a ticket is a deflection: a ticket that was not opened), tickets opened after reading, and
// the searches that found nothing (content gaps). Computed by aggregation over the usage events.
import { KbArticleModel, KbEventModel, type KbEventKind } from './kb.model';

interface Counts {
  viewed: number;
  suggested: number;
  helped: number;
  notHelped: number;
  deflections: number;
  ticketsOpened: number;
}

const zero = (): Counts => ({ viewed: 0, suggested: 0, helped: 0, notHelped: 0, deflections: 0, ticketsOpened: 0 });

const FIELD_OF: Partial<Record<KbEventKind, keyof Counts>> = {
  viewed: 'viewed', suggested: 'suggested', helped: 'helped', not_helped: 'notHelped', ticket_opened: 'ticketsOpened',
};

export async function kbReport(input: { from?: Date; to?: Date }) {
  const at: Record<string, Date> = {};
  if (input.from) at.$gte = input.from;
  if (input.to) at.$lt = input.to;
  const match = Object.keys(at).length ? { at } : {};

  const [perArticle, gaps, tickets, emptySearches] = await Promise.all([
    KbEventModel.aggregate<{ _id: { kind: KbEventKind; slug: string; context: string | null }; count: number }>([
      { $match: { ...match, kind: { $ne: 'search_empty' } } },
      { $group: { _id: { kind: '$kind', slug: '$slug', context: '$context' }, count: { $sum: 1 } } },
    ]),
    KbEventModel.aggregate<{ _id: string; count: number }>([
      { $match: { ...match, kind: 'search_empty' } },
      { $group: { _id: '$query', count: { $sum: 1 } } },
      { $sort: { count: -1, _id: 1 } },
      { $limit: 20 },
    ]),
    // A ticket opened after reading three articles is one ticket.
    KbEventModel.aggregate<{ _id: string | null }>([
      { $match: { ...match, kind: 'ticket_opened' } },
      { $group: { _id: '$protocol' } },
    ]),
    KbEventModel.countDocuments({ ...match, kind: 'search_empty' }),
  ]);

  const totals = zero();
  const bySlug = new Map<string, Counts>();
  for (const row of perArticle) {
    const field = FIELD_OF[row._id.kind];
    if (!field) continue;
    const counts = bySlug.get(row._id.slug) ?? zero();
    counts[field] += row.count;
    totals[field] += row.count;
    if (row._id.kind === 'helped' && row._id.context === 'new_ticket') {
      counts.deflections += row.count;
      totals.deflections += row.count;
    }
    bySlug.set(row._id.slug, counts);
  }
  totals.ticketsOpened = tickets.length;

  const titles = new Map(
    (await KbArticleModel.find({ slug: { $in: [...bySlug.keys()] } }, { slug: 1, title: 1, status: 1 }).lean()).map((a) => [a.slug, a]),
  );
  const articles = [...bySlug.entries()]
    .map(([slug, counts]) => ({ slug, title: titles.get(slug)?.title ?? null, status: titles.get(slug)?.status ?? null, ...counts }))
    .sort((a, b) => b.viewed + b.suggested - (a.viewed + a.suggested) || a.slug.localeCompare(b.slug))
    .slice(0, 50);

  return {
    totals: { ...totals, emptySearches },
    articles,
    gaps: gaps.map((g) => ({ query: g._id, count: g.count })),
  };
}
export type KbReport = Awaited<ReturnType<typeof kbReport>>;
