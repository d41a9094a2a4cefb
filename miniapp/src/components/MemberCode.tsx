/**
 * 会员码: the rotating 18-digit member code, computed on the phone every second
 * from the stored secret (memberCode() from @homeclub/shared, the same TOTP the
 * server checks), so it also works offline. Shown as a Code 128 barcode, a QR
 * code and grouped digits, with a countdown to the next rotation. The clock
 * stops while the page is hidden. RotatingCode is reused for coupon codes.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { MEMBER_CODE_PERIOD_SECONDS, memberCode, secondsToRotation, timeStep } from '@homeclub/shared';
import { getStoredCodeSecret, groupDigits, loadCodeSecret, type StoredCodeSecret } from '../services/membership';
import { ErrorState, LoadingState } from './StateView';
import { Barcode } from './Barcode';
import { QrCode } from './QrCode';
import { useSecondClock } from '../hooks/useSecondClock';

export { useSecondClock };

type SecretState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; secret: StoredCodeSecret };

interface MemberCodePanelProps {
  memberId: string;
  /** The card number from the member card, once loaded (a different one makes the secret refetch). */
  cardNo?: string;
}

export function MemberCodePanel({ memberId, cardNo }: MemberCodePanelProps) {
  const [state, setState] = useState<SecretState>(() => {
    const stored = getStoredCodeSecret(memberId);
    return stored ? { status: 'ready', secret: stored } : { status: 'loading' };
  });

  const load = useCallback(
    async (isCurrent: () => boolean) => {
      try {
        const secret = await loadCodeSecret(memberId, cardNo);
        if (isCurrent()) setState({ status: 'ready', secret });
      } catch (err) {
        if (isCurrent()) setState({ status: 'error', message: err instanceof Error ? err.message : '会员码加载失败' });
      }
    },
    [memberId, cardNo],
  );

  useEffect(() => {
    let current = true;
    const stored = getStoredCodeSecret(memberId);
    if (stored && (!cardNo || stored.cardNo === cardNo)) {
      setState({ status: 'ready', secret: stored });
    } else {
      setState({ status: 'loading' });
      void load(() => current);
    }
    return () => {
      current = false;
    };
  }, [memberId, cardNo, load]);

  const retry = () => {
    setState({ status: 'loading' });
    void load(() => true);
  };

  return (
    <View className='card member-code' id='member-code'>
      <Text className='member-code__title'>会员码</Text>
      {state.status === 'loading' ? <LoadingState text='会员码加载中…' /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={retry} id='member-code-error' /> : null}
      {state.status === 'ready' ? (
        <RotatingCode
          idPrefix='member'
          source={{ chainPrefix: state.secret.chainPrefix, number: state.secret.cardNo, secret: state.secret.secret }}
        />
      ) : null}
    </View>
  );
}

/** What a rotating code is computed from: 2-digit chain prefix + 10-digit number + TOTP secret (hex). */
export interface RotatingCodeSource {
  chainPrefix: string;
  /** card number (member code) or coupon number (coupon code) */
  number: string;
  secret: string;
}

interface RotatingCodeProps {
  source: RotatingCodeSource;
  /** ids: `${idPrefix}-barcode`, `${idPrefix}-code-digits`, `${idPrefix}-qr`, `${idPrefix}-code-countdown` */
  idPrefix: string;
  hint?: string;
}

/**
 * The rotating 18-digit code (memberCode() from @homeclub/shared) as barcode,
 * grouped digits, QR code and countdown; member codes and coupon codes alike.
 */
export function RotatingCode({ source, idPrefix, hint = '请调高屏幕亮度，向店员出示' }: RotatingCodeProps) {
  const now = useSecondClock();
  const step = timeStep(now);
  const { chainPrefix, number, secret } = source;
  // recomputed only when the 60 s step changes
  const code = useMemo(
    () => memberCode(chainPrefix, number, secret, step * MEMBER_CODE_PERIOD_SECONDS * 1000),
    [chainPrefix, number, secret, step],
  );
  return (
    <View className='member-code__body'>
      <Barcode digits={code} id={`${idPrefix}-barcode`} />
      <Text className='member-code__digits' id={`${idPrefix}-code-digits`}>
        {groupDigits(code)}
      </Text>
      <QrCode digits={code} id={`${idPrefix}-qr`} />
      <Text className='member-code__countdown' id={`${idPrefix}-code-countdown`}>
        {secondsToRotation(now)} 秒后自动刷新
      </Text>
      <Text className='member-code__hint'>{hint}</Text>
    </View>
  );
}
