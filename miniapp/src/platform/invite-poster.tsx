/**
 * Invite poster — WeChat version. A Canvas 2D node (kept off screen) draws the
 * poster (lib/poster.ts) with the mini-program code from GET
 * /api/referrals/poster-code (base64 PNG, written to a user-data file so
 * canvas.createImage() can load it; a data URI if that fails); the result is
 * exported with canvasToTempFilePath and shown as an image (long-press menu
 * on). 「保存到相册」 calls saveImageToPhotosAlbum: WeChat asks for the album
 * permission the first time; once refused, a modal explains and its confirm tap
 * opens the settings (openSetting needs a tap), then the save is tried again.
 * The H5 demo build resolves invite-poster.h5.tsx instead.
 */
import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Canvas, Image, Text, View } from '@tarojs/components';
import { Button } from '../components/Button';
import { drawPoster, POSTER_HEIGHT, POSTER_WIDTH, type PosterContext } from '../lib/poster';
import type { PosterData } from '../services/referrals';

export const POSTER_CANVAS_ID = 'invite-poster-canvas';
const ALBUM_SCOPE = 'scope.writePhotosAlbum';

type Draw = { status: 'drawing' } | { status: 'ready'; path: string } | { status: 'error'; message: string };

function errMsgOf(err: unknown): string {
  if (err && typeof err === 'object' && typeof (err as { errMsg?: unknown }).errMsg === 'string') return (err as { errMsg: string }).errMsg;
  return err instanceof Error ? err.message : '';
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function queryCanvas(): Promise<Taro.Canvas | null> {
  return new Promise((resolve) => {
    Taro.createSelectorQuery()
      .select(`#${POSTER_CANVAS_ID}`)
      .fields({ node: true, size: true })
      .exec((res: Array<{ node?: Taro.Canvas } | null>) => resolve(res?.[0]?.node ?? null));
  });
}

/** The canvas node; a freshly rendered one can take a moment to reach the render layer. */
async function findCanvas(): Promise<Taro.Canvas> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const node = await queryCanvas();
    if (node) return node;
    await delay(60);
  }
  throw new Error('canvas not found');
}

/** A file path canvas.createImage() can load for the code PNG (a data URI when files are unavailable). */
function codeImageSource(poster: PosterData): Promise<string> {
  const dataUri = `data:image/png;base64,${poster.pngBase64}`;
  const dir = Taro.env?.USER_DATA_PATH;
  let fs: Taro.FileSystemManager | null = null;
  try {
    fs = Taro.getFileSystemManager();
  } catch {
    fs = null;
  }
  if (!fs || !dir) return Promise.resolve(dataUri);
  const filePath = `${dir}/invite-code-${poster.code}.png`;
  const manager = fs;
  return new Promise((resolve) => {
    manager.writeFile({
      filePath,
      data: poster.pngBase64,
      encoding: 'base64',
      success: () => resolve(filePath),
      fail: () => resolve(dataUri),
    });
  });
}

function loadImage(canvas: Taro.Canvas, src: string): Promise<Taro.Image> {
  return new Promise((resolve, reject) => {
    const image = canvas.createImage();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('code image failed to load'));
    image.src = src;
  });
}

/** Draw the poster on the page's canvas and export it; resolves to a temp file path. */
export async function renderPoster(poster: PosterData): Promise<string> {
  const canvas = await findCanvas();
  canvas.width = POSTER_WIDTH;
  canvas.height = POSTER_HEIGHT;
  const ctx = canvas.getContext('2d') as unknown as PosterContext;
  const image = await loadImage(canvas, await codeImageSource(poster));
  drawPoster(ctx, poster, image);
  const { tempFilePath } = await Taro.canvasToTempFilePath({
    canvas,
    fileType: 'png',
    destWidth: POSTER_WIDTH,
    destHeight: POSTER_HEIGHT,
  } as Taro.canvasToTempFilePath.Option);
  return tempFilePath;
}

/** After a refusal: explain, and from the confirm tap open the settings; saves again once allowed. */
function askAlbumPermission(filePath: string): void {
  void Taro.showModal({
    title: '需要相册权限',
    content: '保存海报需要允许「添加到相册」，请在设置中打开后重试。',
    confirmText: '去设置',
    cancelText: '取消',
    confirmColor: '#07c160',
    success: (res) => {
      if (!res.confirm) return;
      void Taro.openSetting({
        success: (settings) => {
          if (settings.authSetting?.[ALBUM_SCOPE]) void savePosterToAlbum(filePath);
        },
      }).catch(() => undefined);
    },
  }).catch(() => undefined);
}

export type SaveResult = 'saved' | 'cancelled' | 'denied' | 'failed';

/** saveImageToPhotosAlbum with the permission handling above; toasts the outcome. */
export async function savePosterToAlbum(filePath: string): Promise<SaveResult> {
  try {
    await Taro.saveImageToPhotosAlbum({ filePath });
    void Taro.showToast({ title: '已保存到相册', icon: 'success' });
    return 'saved';
  } catch (err) {
    const msg = errMsgOf(err);
    if (/privacy/i.test(msg)) {
      void Taro.showToast({ title: '请先同意隐私保护指引后再保存', icon: 'none' });
      return 'failed';
    }
    if (/auth|deny|denied|permission/i.test(msg)) {
      askAlbumPermission(filePath);
      return 'denied';
    }
    if (/cancel/i.test(msg)) return 'cancelled';
    void Taro.showToast({ title: '保存失败，请稍后重试', icon: 'none' });
    return 'failed';
  }
}

export function InvitePoster({ poster }: { poster: PosterData }) {
  const [draw, setDraw] = useState<Draw>({ status: 'drawing' });
  const [saving, setSaving] = useState(false);
  const [round, setRound] = useState(0);

  useEffect(() => {
    let live = true;
    setDraw({ status: 'drawing' });
    Taro.nextTick(() => {
      renderPoster(poster).then(
        (path) => live && setDraw({ status: 'ready', path }),
        () => live && setDraw({ status: 'error', message: '海报生成失败，请重试' }),
      );
    });
    return () => {
      live = false;
    };
  }, [poster, round]);

  const save = useCallback(async () => {
    if (draw.status !== 'ready' || saving) return;
    setSaving(true);
    try {
      await savePosterToAlbum(draw.path);
    } finally {
      setSaving(false);
    }
  }, [draw, saving]);

  return (
    <View className='invite-poster' id='invite-poster-panel'>
      <Canvas type='2d' id={POSTER_CANVAS_ID} className='invite-poster__canvas' />
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
          <Image
            id='invite-poster-image'
            className='invite-poster__image'
            src={draw.path}
            mode='widthFix'
            showMenuByLongpress
          />
          <Text className='invite-poster__hint'>保存海报分享到朋友圈，好友扫码即可加入</Text>
          <Button
            id='invite-poster-save'
            className='btn btn--primary btn--block'
            loading={saving}
            disabled={saving}
            onClick={() => void save()}
          >
            保存到相册
          </Button>
        </>
      ) : null}
    </View>
  );
}
