/**
 * 积分明细: GET /api/member/points/history, newest first, 20 per page with a
 * cursor. Filter chips by kind; the next page loads on reaching the bottom or
 * with 「加载更多」. A reply for an older filter or page is dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useReachBottom } from '@tarojs/taro';
import { ScrollView, Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import type { PointsEntryKind, PointsEntryView } from '@homeclub/shared';
import { call } from '../../services/api';
import {
  entryDisplayAmount,
  formatDateTime,
  formatSignedPoints,
  POINTS_KIND_FILTERS,
  pointsReasonText,
} from '../../services/membership';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateView';
import '../styles.css';

const PAGE_SIZE = 20;

type Kind = PointsEntryKind | undefined;

interface ListState {
  status: 'loading' | 'error' | 'ready';
  items: PointsEntryView[];
  nextCursor: string | null;
  /** first page failed */
  message: string;
  loadingMore: boolean;
  /** a later page failed */
  moreError: string | null;
}

const initial: ListState = { status: 'loading', items: [], nextCursor: null, message: '', loadingMore: false, moreError: null };

function errorText(err: unknown): string {
  return err instanceof Error && err.message ? err.message : '积分明细加载失败';
}

function EntryRow({ entry }: { entry: PointsEntryView }) {
  const amount = entryDisplayAmount(entry);
  return (
    <View className='points-entry' id={`points-entry-${entry.id}`}>
      <View className='points-entry__main'>
        <Text className='points-entry__reason'>{pointsReasonText(entry.reason)}</Text>
        {entry.note ? <Text className='points-entry__note'>{entry.note}</Text> : null}
        <Text className='points-entry__date'>{formatDateTime(entry.createdAt)}</Text>
      </View>
      <Text className={`points-entry__amount points-entry__amount--${amount > 0 ? 'plus' : 'minus'}`}>
        {formatSignedPoints(amount)}
      </Text>
    </View>
  );
}

export default function PointsHistoryPage() {
  const [kind, setKind] = useState<Kind>(undefined);
  const [list, setList] = useState<ListState>(initial);
  const latest = useRef(0);
  const busy = useRef(false);

  const loadFirst = useCallback(async (k: Kind) => {
    const seq = ++latest.current;
    busy.current = true;
    setList(initial);
    try {
      const page = await call('memberPointsHistory', { query: { limit: PAGE_SIZE, kind: k }, toast: false });
      if (seq !== latest.current) return;
      setList({ ...initial, status: 'ready', items: page.items, nextCursor: page.nextCursor });
    } catch (err) {
      if (seq === latest.current) setList({ ...initial, status: 'error', message: errorText(err) });
    } finally {
      if (seq === latest.current) busy.current = false;
    }
  }, []);

  const loadMore = useCallback(async () => {
    if (busy.current || list.status !== 'ready' || !list.nextCursor) return;
    const seq = latest.current;
    busy.current = true;
    setList((prev) => ({ ...prev, loadingMore: true, moreError: null }));
    try {
      const page = await call('memberPointsHistory', {
        query: { limit: PAGE_SIZE, kind, cursor: list.nextCursor },
        toast: false,
      });
      if (seq !== latest.current) return;
      setList((prev) => {
        const seen = new Set(prev.items.map((item) => item.id));
        return {
          ...prev,
          items: [...prev.items, ...page.items.filter((item) => !seen.has(item.id))],
          nextCursor: page.nextCursor,
          loadingMore: false,
        };
      });
    } catch (err) {
      if (seq === latest.current) setList((prev) => ({ ...prev, loadingMore: false, moreError: errorText(err) }));
    } finally {
      if (seq === latest.current) busy.current = false;
    }
  }, [kind, list.status, list.nextCursor]);

  useEffect(() => {
    void loadFirst(kind);
  }, [kind, loadFirst]);

  useReachBottom(() => {
    void loadMore();
  });

  const label = POINTS_KIND_FILTERS.find((f) => f.kind === kind)?.label ?? '全部';

  return (
    <View className='page page--points'>
      <ScrollView className='chips' scrollX id='points-filters'>
        {POINTS_KIND_FILTERS.map((f) => (
          <Text
            key={f.label}
            id={`points-filter-${f.kind ?? 'all'}`}
            className={`chip${f.kind === kind ? ' chip--active' : ''}`}
            onClick={() => {
              if (f.kind !== kind) setKind(f.kind);
            }}
          >
            {f.label}
          </Text>
        ))}
      </ScrollView>

      <View className='card points-list' id='points-list'>
        {list.status === 'loading' ? <LoadingState text='积分明细加载中…' /> : null}
        {list.status === 'error' ? (
          <ErrorState id='points-error' message={list.message} onRetry={() => void loadFirst(kind)} />
        ) : null}
        {list.status === 'ready' && list.items.length === 0 ? (
          <EmptyState
            id='points-empty'
            icon='积'
            title={kind ? `暂无${label}记录` : '暂无积分记录'}
            description='消费、到店和参与活动都可以获得积分。'
          />
        ) : null}
        {list.items.map((entry) => (
          <EntryRow entry={entry} key={entry.id} />
        ))}
      </View>

      {list.status === 'ready' && list.items.length > 0 ? (
        <View className='list-footer'>
          {list.moreError ? <Text className='list-footer__error'>{list.moreError}</Text> : null}
          {list.nextCursor ? (
            <Button
              id='points-load-more'
              className='btn btn--plain btn--small'
              loading={list.loadingMore}
              disabled={list.loadingMore}
              onClick={() => void loadMore()}
            >
              {list.loadingMore ? '加载中…' : list.moreError ? '重试' : '加载更多'}
            </Button>
          ) : (
            <Text className='list-footer__end' id='points-end'>
              没有更多了
            </Text>
          )}
        </View>
      ) : null}
    </View>
  );
}
