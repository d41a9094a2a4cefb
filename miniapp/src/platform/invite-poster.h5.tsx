/**
 * Invite poster — H5 demo version: drawn on an off-screen browser canvas
 * (lib/poster.ts) and shown as an image the shopper can long-press to save on
 * a phone; 「下载海报」 downloads the PNG on a computer. No album permission in
 * a browser.
 */
import { useEffect, useState } from 'react';
import { Button, Image, Text, View } from '@tarojs/components';
import { drawPoster, POSTER_HEIGHT, POSTER_WIDTH, type PosterContext } from '../lib/poster';
import type { PosterData } from '../services/referrals';

type Draw = { status: 'drawing' } | { status: 'ready'; url: string } | { status: 'error'; message: string };

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new window.Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('code image failed to load'));
    image.src = src;
  });
}

/** Draw the poster off screen; resolves to a PNG data URL. */
export async function renderPoster(poster: PosterData): Promise<string> {
  const canvas = document.createElement('canvas');
  canvas.width = POSTER_WIDTH;
  canvas.height = POSTER_HEIGHT;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas 2d unavailable');
  const image = await loadImage(`data:image/png;base64,${poster.pngBase64}`);
  drawPoster(ctx as unknown as PosterContext, poster, image);
  return canvas.toDataURL('image/png');
}

/** Download a data URL as a file (an <a download> click). */
export function downloadPoster(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  document.body.removeChild(link);
}

export function InvitePoster({ poster }: { poster: PosterData }) {
  const [draw, setDraw] = useState<Draw>({ status: 'drawing' });
  const [round, setRound] = useState(0);

  useEffect(() => {
    let live = true;
    setDraw({ status: 'drawing' });
    renderPoster(poster).then(
      (url) => live && setDraw({ status: 'ready', url }),
      () => live && setDraw({ status: 'error', message: '海报生成失败，请重试' }),
    );
    return () => {
      live = false;
    };
  }, [poster, round]);

  return (
    <View className='invite-poster' id='invite-poster-panel'>
      {draw.status === 'drawing' ? <Text className='invite-poster__hint'>海报生成中…</Text> : null}
      {draw.status === 'error' ? (
        <View className='invite-poster__error'>
          <Text className='invite-poster__hint' id='invite-poster-error'>
            {draw.message}
          </Text>
          <Button className='btn btn--plain btn--small' onClick={() => setRound((n) => n + 1)}>
            重新生成
          </Button>
        </View>
      ) : null}
      {draw.status === 'ready' ? (
        <>
          <Image id='invite-poster-image' className='invite-poster__image invite-poster__image--h5' src={draw.url} mode='widthFix' />
          <Text className='invite-poster__hint'>长按图片保存到手机，或点击下载</Text>
          <Button
            id='invite-poster-save'
            className='btn btn--primary btn--block'
            onClick={() => downloadPoster(draw.url, `homeclub-invite-${poster.code}.png`)}
          >
            下载海报
          </Button>
        </>
      ) : null}
    </View>
  );
}
