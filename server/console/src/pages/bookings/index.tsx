/** 预约: one store's bookings for a day or a week, laid out by day (the header's store filter picks the store). */
import { useState } from 'react';
import { Card, Col, DatePicker, Empty, List, Row, Segmented, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { dayOf, wallOf, today } from '../../components/shanghai';
import { Link } from 'react-router-dom';
import { call } from '../../api/client';
import { useApi } from '../../api/use-api';
import { Loadable } from '../../components/states';
import { BOOKING_STATE } from '../../components/format';
import { useSession } from '../../session';

export function BookingsPage() {
  const { storeId, storeName } = useSession();
  const [start, setStart] = useState<Dayjs>(today);
  const [days, setDays] = useState<1 | 7>(1);
  const first = days === 7 ? start.startOf('week') : start;
  const date = first.format('YYYY-MM-DD');
  const state = useApi((signal) => call('consoleBookings', { query: { storeId: storeId ?? undefined, date, days }, signal }), [storeId, date, days]);
  const columns = Array.from({ length: days }, (_, i) => first.add(i, 'day'));
  return (
    <Card title={`预约日历 · ${storeName(storeId)}`}>
      <Space style={{ marginBottom: 16 }}>
        <Segmented value={days} onChange={(v) => setDays(v as 1 | 7)} options={[{ value: 1, label: '日' }, { value: 7, label: '周' }]} />
        <DatePicker value={start} allowClear={false} onChange={(v) => v && setStart(v.startOf('day'))} />
      </Space>
      <Loadable state={state}>
        {(d) => (
          <Row gutter={12} wrap={false} style={{ overflowX: 'auto' }} data-testid="booking-calendar">
            {columns.map((col) => {
              const items = d.items.filter((b) => dayOf(b.start) === col.format('YYYY-MM-DD'));
              return (
                <Col key={col.format('YYYY-MM-DD')} flex={days === 7 ? '1 0 180px' : '1'}>
                  <Typography.Title level={5}>{col.format('MM-DD dddd')}</Typography.Title>
                  {items.length === 0 ? (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无预约" />
                  ) : (
                    <List
                      size="small"
                      bordered
                      dataSource={items}
                      renderItem={(b) => (
                        <List.Item>
                          <Space direction="vertical" size={0}>
                            <Typography.Text strong>
                              {wallOf(b.start).format('HH:mm')}–{wallOf(b.end).format('HH:mm')} {b.serviceName}
                            </Typography.Text>
                            <Link to={`/members/${b.memberId}`}>{b.memberNickname}</Link>
                            <Space size={4}>
                              <Tag color={BOOKING_STATE[b.state]?.color}>{BOOKING_STATE[b.state]?.text ?? b.state}</Tag>
                              {!storeId && <Tag>{b.storeName}</Tag>}
                            </Space>
                          </Space>
                        </List.Item>
                      )}
                    />
                  )}
                </Col>
              );
            })}
          </Row>
        )}
      </Loadable>
    </Card>
  );
}
