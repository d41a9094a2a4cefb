/** 优惠买单's breakdown of the server's quote (the shared PriceBreakdown with the shopper's wording). */
import type { QuoteResponse } from '@homeclub/shared';
import { formatPoints } from '../../services/membership';
import { ErrorState } from '../../components/StateView';
import { PriceBreakdown } from '../../components/PriceBreakdown';

const earnedText = (points: number) => (points > 0 ? `支付后预计获得 ${formatPoints(points)} 积分` : null);

export function Breakdown({ quote, error }: { quote: QuoteResponse | null; error: string | null }) {
  return (
    <PriceBreakdown
      prefix='pay'
      quote={quote}
      error={error ? <ErrorState id='pay-quote-error' message={error} /> : null}
      totalLabel='实付'
      earnedText={earnedText}
    />
  );
}
