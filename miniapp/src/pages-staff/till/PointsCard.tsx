/** 收银: points off by default (the clerk asks the shopper); on → as many as the quote allows, the slider → fewer. */
import { Slider, Text, View } from '@tarojs/components';
import { formatFen, type QuoteResponse } from '@homeclub/shared';
import { formatPoints } from '../../services/membership';
import type { PointsChoice } from '../../services/till';

export function PointsCard(props: { quote: QuoteResponse | null; available: number; points: PointsChoice; onPoints: (p: PointsChoice | ((p: PointsChoice) => PointsChoice)) => void }) {
  const { quote, available, points, onPoints } = props;
  const maxPoints = quote?.maxPoints ?? 0;
  const pointsOn = points !== 'off';
  return (
    <View className='card till-points' id='till-points'>
      <View className='pay-points'>
        <View className='pay-points__main'>
          <Text className='pay-section__title'>使用积分抵扣</Text>
          <Text className='pay-hint' id='till-points-hint'>
            {quote
              ? maxPoints > 0
                ? `本单最多可用 ${formatPoints(maxPoints)} 积分`
                : '本单暂无可抵扣的积分'
              : `顾客可用 ${formatPoints(available)} 积分`}
          </Text>
        </View>
        <View
          id='till-points-switch'
          className={`pay-switch${pointsOn ? ' pay-switch--on' : ''}`}
          data-checked={pointsOn ? 'true' : 'false'}
          onClick={() => onPoints((p) => (p === 'off' ? 'max' : 'off'))}
        >
          <View className='pay-switch__knob' />
        </View>
      </View>
      {pointsOn && quote && maxPoints > 0 ? (
        <View className='till-points__slider'>
          <Slider
            id='till-points-slider'
            min={0}
            max={maxPoints}
            step={1}
            value={Math.min(quote.pointsUsed, maxPoints)}
            activeColor='#07c160'
            blockSize={24}
            onChange={(e) => {
              const v = Math.max(0, Math.min(maxPoints, Math.round(Number(e.detail.value) || 0)));
              onPoints(v);
            }}
          />
          <Text className='pay-hint' id='till-points-value'>
            使用 {formatPoints(quote.pointsUsed)} 积分，抵 {formatFen(quote.pointsValueFen)}
          </Text>
        </View>
      ) : null}
    </View>
  );
}
