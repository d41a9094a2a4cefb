/**
 * Staff subpackage: 收银. The clerk scans the shopper's member code (weapp
 * camera, or the 18 digits typed/pasted in H5) → POST /api/staff/member-code/
 * resolve gives the member and a `memberToken` (proof of the scan, 15 minutes,
 * this clerk only). Then the bill: one amount, or item lines (name + amount,
 * added and removed; the bill is their sum). Every change re-prices it with
 * POST /api/staff/till/quote after a short pause (a reply for older inputs is
 * dropped): the best coupon is preselected, points go up to the quote's
 * maxPoints (switch → as many as allowed, slider → fewer).
 *
 * Two ways to settle, both POST /api/staff/till/orders with one clientKey per
 * checkout attempt (kept while the attempt may have reached the server, so a
 * retry or a double tap can only ever make one order):
 * - 「顾客微信支付」 (settlement wechat): the order appears unpaid in the
 *   shopper's 「我的订单」; this page re-reads it until it is paid, expired or
 *   cancelled, and the clerk may cancel it.
 * - 「现金/刷卡已收」 (settlement other), after a confirmation: paid at once.
 * A paid order shows its receipt and 「下一位顾客」. Server errors are shown in
 * Chinese on the page.
 */
import { Input, Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import { formatFen } from '@homeclub/shared';
import { formatPoints } from '../../services/membership';
import { sanitizeAmountText } from '../../services/checkout';
import { PageGate } from '../../components/PageGate';
import { PriceBreakdown } from '../../components/PriceBreakdown';
import { MemberCard } from './MemberCard';
import { TillPaid, TillWaiting } from './OrderResult';
import { CouponsCard } from './CouponsCard';
import { PointsCard } from './PointsCard';
import { MemberCodeScanner } from '../../platform/member-code-scanner';
import { TOKEN_INVALID, useTill } from '../../hooks/useTill';
import '../styles.css';
import '../till.css';

export default function StaffTillPage() {
  const { store, scanInput, setScanInput, resolve, shopper, linesMode, setLinesMode, amountText, drafts, setDrafts, newLine, choice, points, setPoints, phase, submitting, error, tokenExpired, cancelling, setPollRun, pollStopped, loadStore, bill, billFen, billChanged, onAmount, editLine, last, fresh, quoteError, selectedCoupon, pickCoupon, resolveCode, onScanned, changeShopper, nextCustomer, submit, cancelOrder, restart } = useTill();

  // ---------------------------------------------------------------- render

  return (
    <PageGate
      needsStore={{ id: 'till-no-store', icon: '收', description: '收银记在门店名下。管理员可以在后台把自己设为某家门店的员工后再使用。' }}
      load={store}
      loadingText='门店信息加载中…'
      errorId='till-store-error'
      onRetry={() => void loadStore()}
    >
      {() => (store.status === 'ready' ? renderTill(store.staff.store.name) : null)}
    </PageGate>
  );

  function renderTill(storeName: string) {
    const errorCard = error ? (
      <View className='card staff-code__error' id='till-error'>
        <Text>{error}</Text>
        {tokenExpired && phase.kind === 'bill' ? (
          <View className='state-action till-error__action'>
            <Button id='till-error-rescan' className='btn btn--plain btn--small' onClick={changeShopper}>
              重新扫码
            </Button>
          </View>
        ) : null}
      </View>
    ) : null;

    if (phase.kind === 'order') {
      const { order } = phase;
      if (order.state === 'paid' || order.state === 'refunded') return <TillPaid order={order} onNext={nextCustomer} />;
      return (
        <TillWaiting
          order={order}
          errorCard={errorCard}
          pollStopped={pollStopped}
          onRefresh={() => setPollRun((n) => n + 1)}
          cancelling={cancelling}
          onCancel={() => void cancelOrder(order)}
          onRestart={restart}
          onNext={nextCustomer}
        />
      );
    }

    const busyScan = resolve.status === 'loading';
    const cashFen = fresh?.cashFen ?? null;
    const linesTotal = bill.lines ? bill.lines.reduce((s, l) => s + l.amountFen, 0) : null;

    return (
      <View className='page page--staff page--till' id='till-page'>
        <View className='card till-store' id='till-store'>
          <Text className='staff-store__label'>收银门店</Text>
          <Text className='till-store__name'>{storeName}</Text>
        </View>

        {!shopper ? (
          <View className='card staff-code' id='till-scan-card'>
            <Text className='staff-code__title'>第一步：识别会员</Text>
            <Text className='staff-code__desc'>请顾客打开「会员」页出示会员码，扫码后为其结账、用券和积分抵现。</Text>
            <MemberCodeScanner onCode={onScanned} disabled={busyScan} id='till-scan' />
            <Input
              id='till-scan-input'
              className='input'
              type='text'
              maxlength={24}
              placeholder='输入 18 位会员码'
              value={scanInput}
              onInput={(e) => setScanInput(e.detail.value)}
            />
            <Button
              id='till-scan-submit'
              className='btn btn--plain btn--block'
              disabled={busyScan || scanInput.trim() === ''}
              loading={busyScan}
              onClick={() => void resolveCode(scanInput, '请输入 18 位数字会员码')}
            >
              识别会员
            </Button>
            {resolve.status === 'error' ? (
              <Text className='till-error-text' id='till-scan-error'>
                {resolve.message}
              </Text>
            ) : null}
          </View>
        ) : (
          <>
            <MemberCard member={shopper} onChange={changeShopper} />

            <View className='card pay-amount' id='till-bill-card'>
              <View className='till-bill__head'>
                <Text className='pay-amount__label'>{linesMode ? '商品明细' : '消费金额'}</Text>
                <Text
                  className='till-link'
                  id='till-lines-toggle'
                  onClick={() => {
                    setLinesMode((v) => !v);
                    billChanged();
                  }}
                >
                  {linesMode ? '改为按总额' : '按商品录入'}
                </Text>
              </View>
              {linesMode ? (
                <View id='till-lines'>
                  {drafts.map((d, i) => (
                    <View className='till-line' key={d.id} id={`till-line-${d.id}`}>
                      <Input
                        id={`till-line-name-${d.id}`}
                        className='till-line__name'
                        type='text'
                        maxlength={40}
                        placeholder={`商品 ${i + 1} 名称（可选）`}
                        value={d.name}
                        onInput={(e) => editLine(d.id, { name: e.detail.value })}
                      />
                      <Text className='till-line__symbol'>¥</Text>
                      <Input
                        id={`till-line-amount-${d.id}`}
                        className='till-line__amount'
                        type='digit'
                        placeholder='金额'
                        value={d.amountText}
                        onInput={(e) => {
                          const text = sanitizeAmountText(e.detail.value);
                          editLine(d.id, { amountText: text });
                          return text;
                        }}
                      />
                      <Text
                        className={`till-line__remove${drafts.length > 1 ? '' : ' till-line__remove--disabled'}`}
                        id={`till-line-remove-${d.id}`}
                        onClick={() => {
                          if (drafts.length <= 1) return;
                          setDrafts((prev) => prev.filter((x) => x.id !== d.id));
                          billChanged();
                        }}
                      >
                        删除
                      </Text>
                    </View>
                  ))}
                  <View className='till-bill__foot'>
                    <Text
                      className='till-link'
                      id='till-line-add'
                      onClick={() => {
                        if (drafts.length >= 200) return;
                        const line = newLine();
                        setDrafts((prev) => [...prev, line]);
                        billChanged();
                      }}
                    >
                      ＋ 添加商品
                    </Text>
                    <Text className='till-lines__total' id='till-lines-total'>
                      合计 {linesTotal === null ? '—' : formatFen(linesTotal)}
                    </Text>
                  </View>
                </View>
              ) : (
                <View className='pay-amount__row'>
                  <Text className='pay-amount__symbol'>¥</Text>
                  <Input
                    id='till-amount'
                    className='pay-amount__input'
                    type='digit'
                    placeholder='输入消费金额'
                    value={amountText}
                    onInput={(e) => onAmount(e.detail.value)}
                  />
                </View>
              )}
              {bill.error ? (
                <Text className='pay-amount__error' id='till-amount-error'>
                  {bill.error}
                </Text>
              ) : null}
            </View>

            <CouponsCard quote={billFen === null ? null : last} hasBill={billFen !== null} selected={selectedCoupon} auto={choice.mode === 'auto'} onPick={pickCoupon} />

            <PointsCard quote={last} available={shopper.availablePoints} points={points} onPoints={setPoints} />

            {billFen !== null ? (
              <PriceBreakdown
                prefix='till'
                quote={last}
                error={
                  quoteError ? (
                    <View className='state state--error' id='till-quote-error'>
                      <Text className='state__title'>{quoteError.message}</Text>
                      {quoteError.code === TOKEN_INVALID ? (
                        <Button id='till-rescan' className='btn btn--plain btn--small' onClick={changeShopper}>
                          重新扫码
                        </Button>
                      ) : null}
                    </View>
                  ) : null
                }
                totalLabel='应收'
                earnedText={(points) => (points > 0 ? `付款后顾客获得 ${formatPoints(points)} 积分` : '本单不产生积分')}
              />
            ) : null}

            {errorCard}

            <View className='pay-submit-bar till-actions'>
              {cashFen !== 0 ? (
                <Button
                  id='till-pay-wechat'
                  className='btn btn--primary btn--block'
                  disabled={!fresh || submitting !== null}
                  loading={submitting === 'wechat'}
                  onClick={() => void submit('wechat')}
                >
                  {cashFen === null ? '顾客微信支付' : `顾客微信支付 ${formatFen(cashFen)}`}
                </Button>
              ) : null}
              <Button
                id='till-pay-other'
                className='btn btn--plain btn--block till-secondary'
                disabled={!fresh || submitting !== null}
                loading={submitting === 'other'}
                onClick={() => void submit('other')}
              >
                {cashFen === 0 ? '确认收银（无需付款）' : '现金/刷卡已收'}
              </Button>
            </View>
          </>
        )}
      </View>
    );
  }
}
